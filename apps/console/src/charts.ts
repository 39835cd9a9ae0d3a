import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([SVGRenderer]);

/**
 * The console's font stack (same as `--font` in style.css): the shipped Noto Sans SC first, so chart text uses the
 * same CJK font as the page.
 */
export const CHART_FONT = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', system-ui, sans-serif";

/**
 * Init options for every ECharts chart (`<VChart :init-options="CHART_INIT_OPTIONS">`): the SVG renderer, so chart
 * text is DOM text. The shipped CJK font is split into unicode-range slices; a canvas never triggers their load and
 * never redraws, so its Chinese text would stay boxes on a machine without system CJK fonts, while SVG text makes the
 * browser load the slices it needs and re-render once they arrive.
 */
export const CHART_INIT_OPTIONS = { renderer: 'svg' } as const;
