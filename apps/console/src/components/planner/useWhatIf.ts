import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ErlangInputError, ErlangStaffingError } from '@hotline/erlang';
import { DEFAULT_PATIENCE_SECONDS, ForecastInputError, computeRequirement, type ForecastReport, type Requirement } from '@hotline/forecast';
import { type FieldError, type FieldName, RULES, parseField } from './whatif';

/** A what-if box of the forecast tab (every box but the horizon's weeks). */
export type WhatIf = Exclude<FieldName, 'weeks'>;
const WHAT_IF: WhatIf[] = ['ahtSeconds', 'patienceSeconds', 'serviceLevelPct', 'targetSeconds', 'connectPct', 'shrinkagePct', 'minAgents', 'agentsOnDuty'];
type Checks = Record<WhatIf, ReturnType<typeof parseField>>;
type Inputs = ForecastReport['inputs'] | null;
/** vue-i18n's `t` as the tab uses it. */
type Translate = (key: string, named?: Record<string, unknown>) => string;

/** The library's objection to valid boxes in the planner's words, at a box if it is one box's. */
function describe(e: unknown, inputs: Inputs, t: Translate): { field: WhatIf | null; text: string } {
  if (e instanceof ForecastInputError && e.code === 'unreachable') {
    const max = inputs ? ((inputs.agentShare + inputs.ivrAnsweredShare) * 100).toFixed(1) : '–';
    return { field: 'connectPct', text: t('planner.forecast.errors.unreachable', { max: `${max}%` }) };
  }
  if (e instanceof ForecastInputError && (e.code === 'too-large' || e.field.startsWith('intervals'))) return { field: null, text: t('planner.forecast.errors.tooLarge') };
  if (e instanceof ErlangInputError && e.field === 'patienceSeconds') return { field: 'patienceSeconds', text: t('planner.forecast.errors.patienceTooLong') };
  if (e instanceof ErlangStaffingError) return { field: null, text: t('planner.forecast.errors.staffing') };
  return { field: null, text: t('planner.forecast.errors.model', { message: e instanceof Error ? e.message : String(e) }) };
}

/**
 * The requirement for valid boxes (`computeRequirement` of @hotline/forecast; percent boxes as fractions), the AHT
 * per interval when its box is empty. @throws the library's errors (ForecastInputError, Erlang*Error).
 */
function requirementFor(r: ForecastReport, c: Checks, aht: number, patience: number): Requirement {
  return computeRequirement({
    intervalMinutes: r.intervalMinutes,
    timeZone: r.timeZone,
    ahtSeconds: aht,
    patienceSeconds: patience,
    targets: { serviceLevelTarget: c.serviceLevelPct.value! / 100, targetSeconds: c.targetSeconds.value!, targetConnectRate: c.connectPct.value! / 100 },
    shrinkage: c.shrinkagePct.value! / 100,
    minAgents: c.minAgents.value!,
    agentsPerInterval: c.agentsOnDuty.value ?? undefined,
    intervals: r.intervals.map((iv) => ({
      start: iv.start,
      day: iv.day,
      label: iv.label,
      arrivals: iv.arrivals,
      ahtSeconds: c.ahtSeconds.value === null ? iv.ahtSeconds : undefined,
      agentShare: iv.agentShare,
      ivrAnsweredShare: iv.ivrAnsweredShare,
    })),
  });
}

/**
 * The forecast tab's what-if boxes (AHT, patience, targets, shrinkage, minimum and on-duty agents), recomputing the
 * requirement in the browser with the same library as the API whenever a box or the forecast changes. Each box is
 * checked in the planner's units (`RULES`); the hotline's targets fill the target boxes not typed in; figures that no
 * longer match the boxes (or a stale forecast, `forecastStale`) are marked stale.
 * @param report the forecast shown (GET /api/forecast), or null.
 * @param forecastStale whether that forecast is not the one the horizon boxes ask for.
 */
export function useWhatIf(report: Ref<ForecastReport | null>, forecastStale: Ref<boolean>) {
  const { t } = useI18n();
  const inputs = computed(() => report.value?.inputs ?? null);
  /** The boxes' text, as typed. Empty AHT / patience: the measured values; empty agents on duty: the Erlang A requirement. */
  const form = reactive<Record<WhatIf, string>>({ ahtSeconds: '', patienceSeconds: '', serviceLevelPct: '80', targetSeconds: '20', connectPct: '90', shrinkagePct: '0', minAgents: '0', agentsOnDuty: '' });
  /** Boxes the planner has typed in: a new forecast never overwrites them. */
  const typed = reactive(new Set<WhatIf>());
  function edit(name: WhatIf, value: string): void {
    form[name] = value;
    typed.add(name);
  }

  /** The hotline's targets (its configuration, as the server reports them) fill the target boxes not typed in. */
  watch(
    report,
    (r: ForecastReport | null) => {
      if (!r?.targets) return;
      const percent = (x: number): string => String(Math.round(x * 1000) / 10);
      const seeds: [WhatIf, string][] = [
        ['serviceLevelPct', percent(r.targets.serviceLevelTarget)],
        ['targetSeconds', String(r.targets.targetSeconds)],
        ['connectPct', percent(r.targets.targetConnectRate)],
      ];
      for (const [name, value] of seeds) if (!typed.has(name)) form[name] = value;
    },
    { immediate: true },
  );

  const checks = computed(() => Object.fromEntries(WHAT_IF.map((name) => [name, parseField(form[name], RULES[name])])) as Checks);
  const formInvalid = computed(() => WHAT_IF.some((name) => checks.value[name].error !== null));

  const unitText = (unit: FieldError['unit']): string => t(`planner.forecast.units.${unit}`);
  const errorText = (e: FieldError): string => t(`planner.forecast.errors.${e.key}`, { bound: e.bound === undefined ? '' : `${e.bound}${unitText(e.unit)}` });

  /** The library's objection to valid boxes (a target the IVR's losses make unreachable, too much work), at a box if it is one box's. */
  const libError = ref<{ field: WhatIf | null; text: string } | null>(null);
  /** The last requirement computed, and whether it matches the boxes and the forecast shown. */
  const result = shallowRef<Requirement | null>(null);
  const resultStale = ref(false);

  /** The requirement for the boxes, computed here (a fortnight of half hours takes a few milliseconds). */
  watch(
    [report, checks],
    () => {
      const r = report.value;
      const c = checks.value;
      if (!r) {
        result.value = null;
        return;
      }
      if (formInvalid.value) {
        libError.value = null;
        resultStale.value = true;
        return;
      }
      const aht = c.ahtSeconds.value ?? inputs.value?.ahtSeconds ?? null;
      if (aht === null) {
        result.value = null;
        libError.value = null;
        return;
      }
      const patience = c.patienceSeconds.value ?? inputs.value?.patienceSeconds ?? DEFAULT_PATIENCE_SECONDS;
      try {
        result.value = requirementFor(r, c, aht, patience);
        libError.value = null;
        resultStale.value = false;
      } catch (e) {
        libError.value = describe(e, inputs.value, t);
        resultStale.value = true;
      }
    },
    { immediate: true },
  );

  /** The message under a box: its own check's, else the library's objection when it is this box's. */
  const fieldError = (name: WhatIf): string | null => {
    const e = checks.value[name].error;
    if (e) return errorText(e);
    return libError.value?.field === name ? libError.value.text : null;
  };
  /** The figures of the requirement do not match the boxes (or the forecast they were computed from is out of date). */
  const requirementStale = computed(() => result.value !== null && (resultStale.value || forecastStale.value));

  /** Back to the measured AHT and patience. */
  function resetMeasured(): void {
    edit('ahtSeconds', '');
    edit('patienceSeconds', '');
  }

  return { form, edit, libError, result, fieldError, requirementStale, resetMeasured, errorText };
}
