/**
 * A horizontal bar chart drawn as SVG, for figures that a table beside it also gives. It is one
 * image to assistive technology (role="img", named by its title, described by every figure in
 * words); on screen each series has its own pattern as well as its shade, and every bar carries
 * its series' name and value as text, so nothing is told by colour alone.
 */

export interface ChartGroup {
  label: string;
  /** One per series, in the series' order: the length of the bar and the words written beside it. */
  values: { value: number; text: string }[];
}

const INK = "#1a1a1a";
const GREEN = "#1d5a3a";
const GREEN_DARK = "#123d27";
const PAPER = "#ffffff";

// Narrow enough to be read at full size on a phone: each bar's words stand above it.
const WIDTH = 340;
const BAR_SPACE = 330;
const BAR = 14;
const ROW = 40;
const GROUP_LABEL = 26;
const GROUP_GAP = 12;
const LEGEND_ROW = 24;

/** The fill of a series: solid, hatched, dotted (at most three series). */
function fillOf(id: string, series: number) {
  return series === 0 ? GREEN : `url(#${id}-pattern-${series})`;
}

export function BarChart({
  id,
  title,
  description,
  series,
  groups,
  max,
}: {
  /** Unique on the page: the patterns and the title are referred to by it. */
  id: string;
  title: string;
  /** Every figure in words: what a screen reader says for the chart. */
  description: string;
  series: string[];
  groups: ChartGroup[];
  /** The value of a full bar (100 for percentages); the largest value by default. */
  max?: number;
}) {
  const top = Math.max(max ?? 0, ...groups.flatMap((g) => g.values.map((v) => v.value)), 1);
  const legend = series.length * LEGEND_ROW + 8;
  const groupHeight = GROUP_LABEL + series.length * ROW + GROUP_GAP;
  const height = legend + groups.length * groupHeight;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <defs>
        <pattern
          id={`${id}-pattern-1`}
          width="8"
          height="8"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="8" height="8" fill={PAPER} />
          <line x1="0" y1="0" x2="0" y2="8" stroke={GREEN} strokeWidth="5" />
        </pattern>
        <pattern id={`${id}-pattern-2`} width="7" height="7" patternUnits="userSpaceOnUse">
          <rect width="7" height="7" fill={PAPER} />
          <circle cx="3.5" cy="3.5" r="2" fill={GREEN} />
        </pattern>
      </defs>
      {series.map((name, s) => (
        <g key={name} transform={`translate(0, ${s * LEGEND_ROW + 2})`}>
          <rect width="18" height="18" fill={fillOf(id, s)} stroke={GREEN_DARK} />
          <text x="26" y="15" fontSize="14" fill={INK}>
            {name}
          </text>
        </g>
      ))}
      {groups.map((group, g) => (
        <g key={group.label} transform={`translate(0, ${legend + g * groupHeight})`}>
          <text x="0" y="18" fontSize="15" fontWeight="700" fill={INK}>
            {group.label}
          </text>
          {group.values.map((v, s) => {
            const length = Math.round((Math.max(v.value, 0) / top) * BAR_SPACE);
            const y = GROUP_LABEL + s * ROW;
            return (
              <g key={series[s]} transform={`translate(0, ${y})`}>
                <text x="0" y="14" fontSize="14" fill={INK}>
                  {`${series[s]} ${v.text}`}
                </text>
                {length > 0 ? (
                  <rect x="0.5" y="19.5" width={length} height={BAR} fill={fillOf(id, s)} stroke={GREEN_DARK} />
                ) : null}
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
