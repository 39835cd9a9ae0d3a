import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { onBeforeUnmount, shallowRef, watch, type Ref, type ShallowRef } from 'vue';

use([SVGRenderer]);

/**
 * The console's font stack (same as `--font` in style.css): the shipped Noto Sans SC first, so chart text uses the
 * same CJK font as the page.
 */
export const CHART_FONT = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, sans-serif";

/**
 * What every chart of the console shares, under its own option: no animation, and chart text in the page's font
 * (the console's shipped CJK font first, not the browser's default) and muted colour.
 */
const BASE_OPTION = { animation: false, textStyle: { color: '#8ea0b5', fontFamily: CHART_FONT } } as const;

/**
 * One ECharts chart in an element of a component (`<div ref="el" class="chart" />`), created when the element is
 * there (mounted, or shown by a `v-if`) with the SVG renderer. SVG, so chart text is DOM text: the shipped CJK font
 * is split into unicode-range slices; a canvas never triggers their load and never redraws, so its Chinese text would
 * stay boxes on a machine without system CJK fonts, while SVG text makes the browser load the slices it needs and
 * re-render once they arrive. Redrawn whenever `option` changes (the whole option replaces the last: a series left
 * out disappears), resized with its element (a ResizeObserver), disposed when the element goes or the component is
 * unmounted.
 * @param el the element the chart is drawn in (a template ref).
 * @param option the chart's option (ECharts' option object), read reactively; {@link BASE_OPTION} is laid under it.
 * @returns the ECharts instance (null while there is no element).
 */
export function useChart(el: Ref<HTMLElement | null>, option: () => EChartsCoreOption): { chart: ShallowRef<EChartsType | null> } {
  const chart = shallowRef<EChartsType | null>(null);
  let observer: ResizeObserver | null = null;
  let frame = 0;
  const draw = (o: EChartsCoreOption) => chart.value?.setOption({ ...BASE_OPTION, ...o }, { notMerge: true });

  function dispose(): void {
    cancelAnimationFrame(frame);
    observer?.disconnect();
    observer = null;
    chart.value?.dispose();
    chart.value = null;
  }

  // the element may come later than the component (inside a v-if) or be replaced: a chart per element
  watch(
    el,
    (node) => {
      dispose();
      if (!node) return;
      chart.value = init(node, null, { renderer: 'svg' });
      draw(option());
      observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => chart.value?.resize());
      });
      observer.observe(node);
    },
    { immediate: true, flush: 'post' },
  );
  watch(option, draw);
  onBeforeUnmount(dispose);
  return { chart };
}
