import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  color: string;
  /** Draw as bars (counts per day) rather than a line. */
  bars?: boolean;
  /** Plot on the right-hand 0–100 % scale. */
  percent?: boolean;
}

/**
 * A time chart on uPlot (one small canvas library): x in seconds, one y array per series. The
 * figures are also given as a table by the caller, so the chart carries an `aria-label` only.
 */
export function Chart(props: {
  label: string;
  x: number[];
  series: Series[];
  y: Array<Array<number | null>>;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const options: Options = {
      width: Math.max(280, el.clientWidth),
      height: 220,
      scales: {
        // One point alone would get a range of years around it: show the day on either side instead.
        x: { time: true, ...(props.x.length === 1 ? { range: (_u, t) => [t - 86_400, t + 86_400] } : {}) },
        pct: { range: [0, 100] },
      },
      axes: [
        {},
        { label: 'count' },
        ...(props.series.some((s) => s.percent)
          ? [{ side: 1, scale: 'pct', label: '%', grid: { show: false } }]
          : []),
      ],
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: s.bars ? `${s.color}99` : undefined,
          scale: s.percent ? 'pct' : 'y',
          ...(s.bars && bars ? { paths: bars, points: { show: false } } : {}),
        })),
      ],
    };
    const plot = new uPlot(options, [props.x, ...props.y] as AlignedData, el);
    const resize = () => plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [props.x, props.y, props.series]);
  return <div class="chart" ref={host} role="img" aria-label={props.label} />;
}
