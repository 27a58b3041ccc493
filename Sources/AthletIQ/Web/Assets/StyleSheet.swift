/// The one stylesheet of the web pages: mobile-first, light and dark themes.
enum StyleSheet {
    static let css = """
    :root { --bg: #f7f7f5; --fg: #1d1f21; --muted: #5f6368; --card: #ffffff; --line: #e0e0dc;
      --accent: #d9480f; --accent-fg: #ffffff; --ok: #2b8a3e; --warn: #e67700; --bad: #c92a2a;
      --radius: 10px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
    @media (prefers-color-scheme: dark) { :root:not([data-theme=light]) { --bg: #16181b; --fg: #e8e8e6;
      --muted: #a0a4a8; --card: #1f2226; --line: #33373c; --accent: #ff8a4c; --accent-fg: #16181b; } }
    :root[data-theme=dark] { --bg: #16181b; --fg: #e8e8e6; --muted: #a0a4a8; --card: #1f2226; --line: #33373c;
      --accent: #ff8a4c; --accent-fg: #16181b; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5; }
    a { color: var(--accent); }
    main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
    h1, h2, h3 { line-height: 1.2; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin: 0 0 1rem; }
    .muted { color: var(--muted); }
    .badge { display: inline-block; padding: 0 .5em; border-radius: 999px; font-size: .8em; border: 1px solid var(--line); }
    .method { display: inline-block; min-width: 4.5em; text-align: center; font-weight: 700; border-radius: 6px;
      padding: 0 .4em; color: #fff; font-size: .85em; }
    .method.get { background: #1971c2; } .method.post { background: #2b8a3e; } .method.put, .method.patch { background: #e67700; }
    .method.delete { background: #c92a2a; }
    .op summary { cursor: pointer; list-style: none; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
    .op summary:focus-visible { outline: 2px solid var(--accent); }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    pre { background: var(--bg); padding: .6rem; border-radius: 6px; overflow-x: auto; }
    header.top { display: flex; flex-wrap: wrap; gap: .8rem; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: var(--card); }
    header.top .brand { font-weight: 800; color: var(--fg); text-decoration: none; font-size: 1.2rem; }
    header.top nav { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; flex: 1; }
    header.top nav a[aria-current] { font-weight: 700; text-decoration: underline; }
    .languages { font-size: .85rem; }
    footer { text-align: center; padding: 2rem 1rem; font-size: .85rem; }
    .narrow { max-width: 26rem; margin: 2rem auto; }
    form label { display: block; margin: 0 0 .8rem; font-weight: 600; }
    input, select, button, .button { font: inherit; }
    input, select { display: block; width: 100%; padding: .55rem .6rem; margin-top: .25rem; border: 1px solid var(--line);
      border-radius: 8px; background: var(--bg); color: var(--fg); }
    button, .button { display: inline-block; padding: .55rem 1rem; border-radius: 8px; border: 0; background: var(--accent);
      color: var(--accent-fg); font-weight: 700; cursor: pointer; text-decoration: none; }
    .button.secondary { background: transparent; color: var(--fg); border: 1px solid var(--line); }
    button.link { background: none; color: var(--accent); padding: 0; font-weight: 400; text-decoration: underline; }
    form.inline { display: inline; }
    form label.check { display: flex; align-items: center; gap: .5rem; align-self: end; min-height: 2.6rem; }
    form label.check input { display: inline-block; width: auto; margin: 0; }
    :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .error { color: var(--bad); font-weight: 600; }
    .flash { background: var(--card); border-left: 4px solid var(--ok); padding: .6rem 1rem; }
    .chips { display: flex; gap: .4rem; flex-wrap: wrap; margin-bottom: 1rem; }
    .chip { padding: .25rem .7rem; border-radius: 999px; border: 1px solid var(--line); text-decoration: none; color: var(--fg); }
    .chip.active { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
    .figures { display: grid; grid-template-columns: repeat(2, 1fr); gap: .8rem; margin-bottom: 1rem; }
    .figure { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem; display: flex; flex-direction: column; }
    .figure strong { font-size: 1.4rem; } .figure.warn strong { color: var(--warn); }
    .grid2 { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; } .grid2 > * { min-width: 0; }
    @media (min-width: 720px) { .figures { grid-template-columns: repeat(4, 1fr); } }
    @media (min-width: 1000px) { .grid2 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
    ul.list { list-style: none; padding: 0; margin: 0; }
    ul.list li { display: flex; flex-wrap: wrap; gap: .6rem; align-items: baseline; padding: .5rem 0; border-bottom: 1px solid var(--line); }
    .empty { color: var(--muted); font-style: italic; }
    .filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; margin-bottom: 1rem; }
    .filters label { margin: 0; }
    .listfilters { display: flex; flex-wrap: wrap; gap: .5rem .8rem; align-items: flex-end; margin-bottom: 1rem; }
    .listfilters label { display: flex; flex-direction: column; gap: .2rem; font-weight: 600; flex: 1 1 9rem; max-width: 16rem; }
    .listfilters label.check { flex: 0 0 auto; flex-direction: row; align-items: center; gap: .4rem; padding-bottom: .6rem; }
    .listfilters input, .listfilters select { width: 100%; min-width: 0; }
    .toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .6rem; }
    .toolbar label { flex: 1 1 16rem; min-width: 0; max-width: 30rem; }
    .toolbar label > select { width: 100%; }
    input[type=checkbox], input[type=radio] { width: auto; display: inline-block; }
    table.activities { width: 100%; }
    table.activities th a { color: inherit; text-decoration: none; white-space: nowrap; }
    table.activities th[aria-sort] a { color: var(--accent); }
    table.activities .num { text-align: right; white-space: nowrap; } table.activities td.date { white-space: nowrap; color: var(--muted); }
    table.activities td.name a { font-weight: 700; }
    /* A phone folds each row into two lines: the name, then the date and the main figures. */
    @media (max-width: 639px) {
      table.activities thead th:not(:first-child) { display: none; }
      table.activities tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: .1rem .7rem; padding: .45rem 0; border-bottom: 1px solid var(--line); }
      table.activities td { display: block; padding: 0; border: 0; }
      table.activities td.name { order: -1; flex: 1 1 calc(100% - 2rem); }
      table.activities td:first-child { order: -2; }
      table.activities td.sport, table.activities td.extra { display: none; }
      table.activities td.date { font-size: .85rem; }
    }
    .pager { display: flex; gap: 1rem; justify-content: center; margin: 1rem 0; }
    svg.chart { width: 100%; height: auto; }
    svg.chart .grid { stroke: var(--line); stroke-width: 1; }
    svg.chart .axis { fill: var(--muted); font-size: 16px; }
    table.zones td.zonebar { width: 40%; } table.zones .zonebar svg { display: block; width: 100%; height: .7rem; }
    table.zones .zonebar rect { fill: var(--accent); }
    /* A chart is drawn 640 units wide and scales with its card: two charts side by side on a
       laptop (from 1000 px) are about 450-500 px wide, a phone's about 300 px, so text takes
       more units there to stay at 11 px or more (the browser journey measures it). */
    @media (max-width: 539px) { svg.chart .axis { font-size: 24px; } svg.chart .axis.alt { display: none; } }
    svg.chart.live { cursor: crosshair; touch-action: pan-y; user-select: none; -webkit-user-select: none; }
    svg.chart.live:focus { outline: none; } svg.chart.live:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    svg.chart .crosshair { stroke: var(--fg); stroke-width: 1; stroke-dasharray: 4 3; }
    svg.chart .crossdot { fill: #1971c2; stroke: var(--card); stroke-width: 2; }
    svg.chart .crosslabel { font-size: 17px; font-weight: 700; fill: var(--fg); paint-order: stroke; stroke: var(--card); stroke-width: 4px; }
    @media (max-width: 539px) { svg.chart .crosslabel { font-size: 26px; } }
    svg.chart .band { fill: var(--accent); fill-opacity: .15; }
    .axisswitch { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center; position: sticky; top: 0; z-index: 2; }
    .axisswitch a { padding: .15rem .75rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
    .axisswitch a[aria-current] { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
    .axisswitch .readout { flex: 1 1 16rem; font-variant-numeric: tabular-nums; }
    .selection { grid-column: 1 / -1; }
    .selection dl { display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; margin: 0 0 .6rem; }
    .selection dt { color: var(--muted); font-size: .85rem; } .selection dd { margin: 0; font-weight: 700; }
    svg.chart .bar { fill: var(--accent); }
    svg.chart .bar:focus { outline: none; stroke: var(--fg); stroke-width: 2; }
    svg.chart .fitness { stroke: #1971c2; stroke-width: 2; } svg.chart .fitness.swatch { fill: #1971c2; stroke: none; }
    svg.chart .fatigue { stroke: #e8590c; stroke-width: 2; } svg.chart .fatigue.swatch { fill: #e8590c; stroke: none; }
    svg.chart .form { stroke: #2b8a3e; stroke-width: 2; } svg.chart .form.swatch { fill: #2b8a3e; stroke: none; }
    svg.chart .area { fill: var(--accent); fill-opacity: .25; stroke: var(--accent); stroke-width: 1.5; }
    svg.chart .mark { stroke: var(--fg); stroke-dasharray: 3 3; }
    svg.chart .dot { fill: var(--accent); fill-opacity: .6; }
    svg.chart .band-fresh { fill: #74c0fc; fill-opacity: .22; } svg.chart .band-productive { fill: #69db7c; fill-opacity: .22; }
    svg.chart .band-overreaching { fill: #ff8787; fill-opacity: .22; }
    svg.chart .projected { stroke: #1971c2; stroke-width: 2; stroke-dasharray: 6 4; } svg.chart .projected.swatch { fill: #74c0fc; stroke: none; }
    svg.chart .curve { stroke: #1971c2; stroke-width: 2.5; } svg.chart .curve.swatch, svg.chart .curve.dot { fill: #1971c2; fill-opacity: 1; stroke: none; }
    svg.chart .curve-compare { stroke: #868e96; stroke-width: 2; stroke-dasharray: 6 4; }
    svg.chart .curve-compare.swatch, svg.chart .curve-compare.dot { fill: #868e96; fill-opacity: 1; stroke: none; }
    svg.chart a:hover .dot, svg.chart a:focus .dot { stroke: var(--fg); stroke-width: 3; }
    svg.chart .box line, svg.chart .box rect { stroke: var(--fg); stroke-width: 1.2; fill: var(--card); }
    svg.chart .box .median { stroke: var(--accent); stroke-width: 2.5; }
    svg.route { width: 100%; max-height: 360px; }
    svg.route .track { stroke: var(--accent); stroke-width: 3; stroke-linejoin: round; stroke-linecap: round; }
    svg.route .start { fill: var(--ok); } svg.route .finish { fill: var(--bad); }
    .mapview { position: relative; overflow: hidden; border-radius: 8px; background: var(--line); touch-action: none; cursor: grab; user-select: none; }
    .mapview .tiles img { position: absolute; width: 256px; height: 256px; max-width: none; }
    .mapview svg.overlay { position: absolute; inset: 0; width: 100%; height: 100%; pointer-events: none; }
    .mapview .track { fill: none; stroke: var(--accent); stroke-width: 4; stroke-linejoin: round; stroke-linecap: round; }
    .mapview .start { fill: var(--ok); stroke: #fff; stroke-width: 2; } .mapview .finish { fill: var(--bad); stroke: #fff; stroke-width: 2; }
    .mapview .stretch { fill: none; stroke: #1971c2; stroke-width: 6; stroke-linejoin: round; stroke-linecap: round; }
    .mapview .colours line { stroke-width: 5; stroke-linecap: round; }
    .mapview select.colourby { position: absolute; z-index: 3; top: .5rem; right: .5rem; width: auto; max-width: calc(100% - 4rem); margin: 0; padding: .25rem .4rem; font-size: .8rem; background: var(--bg); }
    .mapview .legend { position: absolute; z-index: 3; left: .5rem; bottom: .5rem; display: flex; align-items: center; gap: .3rem; padding: .1rem .4rem; background: rgba(255, 255, 255, .85); color: #333; font-size: .75rem; border-radius: 4px; }
    .mapview .legend i { display: inline-block; width: 4rem; height: .5rem; border-radius: 2px; background: linear-gradient(to right, hsl(240, 85%, 45%), hsl(180, 85%, 45%), hsl(120, 85%, 45%), hsl(60, 85%, 45%), hsl(0, 85%, 45%)); }
    .mapview .here { fill: #1971c2; stroke: #fff; stroke-width: 3; }
    .mapview .kilometres circle { fill: var(--bg); stroke: var(--accent); stroke-width: 2; }
    .mapview .kilometres text { font-size: 9px; font-weight: 700; text-anchor: middle; fill: var(--fg); }
    .mapview .zoom { position: absolute; top: .5rem; left: .5rem; display: flex; flex-direction: column; gap: 2px; }
    .mapview .zoom button { width: 2rem; height: 2rem; padding: 0; background: var(--bg); color: var(--fg); border: 1px solid var(--line); }
    .mapview .attribution { position: absolute; right: 0; bottom: 0; padding: 0 .3rem; background: rgba(255, 255, 255, .8); color: #333; font-size: .7rem; }
    .dropzone { border: 2px dashed var(--line); text-align: center; padding: 2rem 1rem; }
    .dropzone.over { border-color: var(--accent); background: var(--bg); }
    td.imported, li.imported { color: var(--ok); } td.failed, li.failed { color: var(--bad); }
    details.edit summary { cursor: pointer; font-weight: 700; font-size: 1.1rem; } details.edit[open] summary { margin-bottom: .8rem; }
    details.edit form > label { display: block; margin-top: .6rem; }
    p.description { white-space: pre-line; } p.notes { white-space: pre-line; background: var(--card); border-left: 3px solid var(--accent); padding: .5rem .8rem; }
    .badge.race { border-color: var(--ok); }
    .badge.record { border-color: #f08c00; } .badge.strava { border-color: #fc4c02; } .badge.summary { color: var(--muted); }
    .sync { margin-top: -.5rem; }
    svg.gauge { display: block; width: 100%; height: .6rem; margin: .3rem 0 .8rem; }
    svg.gauge .track { fill: var(--line); } svg.gauge .fill { fill: var(--ok); }
    svg.gauge.warn .fill { fill: var(--warn); } svg.gauge.danger .fill { fill: var(--bad); }
    .button.strava, button.strava { background: #fc4c02; color: #fff; }
    button.danger { background: var(--bad); color: #fff; }
    .powered { text-align: right; font-size: .8rem; }
    textarea { display: block; width: 100%; padding: .55rem .6rem; margin-top: .25rem; border: 1px solid var(--line);
      border-radius: 8px; background: var(--bg); color: var(--fg); font: inherit; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .scroll { overflow-x: auto; }
    input.copy { font-family: ui-monospace, monospace; font-size: .85rem; }
    .monthnav { display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
    .monthnav a { font-size: 1.6rem; text-decoration: none; padding: 0 .6rem; }
    .month { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 3px; }
    .month .weekday { font-weight: 700; text-align: center; font-size: .8rem; color: var(--muted); }
    .month .day { min-height: 5.5rem; border: 1px solid var(--line); border-radius: 6px; padding: .2rem .35rem; font-size: .8rem; overflow: hidden; }
    .month .day.outside { opacity: .55; } .month .day.today { border: 2px solid var(--accent); }
    .month .day .date { font-weight: 700; }
    .month .day ul { list-style: none; margin: 0; padding: 0; } .month .day li { margin: .15rem 0; line-height: 1.25; }
    .session.done > a::before { content: "✓ "; } .session.missed > a { color: var(--bad); } .session.rest > a { color: var(--muted); }
    .done-activity a { color: var(--ok); text-decoration: none; }
    .badge.session-status.done { border-color: var(--ok); } .badge.session-status.missed { border-color: var(--bad); }
    .planform .fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 0 .8rem; }
    .planform .fields label.wide { grid-column: span 2; }
    @media (max-width: 719px) { .planform .fields label.wide { grid-column: auto; } }
    td.updated { color: #1971c2; } td.skipped { color: var(--muted); }
    @media (max-width: 719px) {
      header.top { display: grid; grid-template-columns: 1fr auto; row-gap: .3rem; }
      header.top .brand { order: 1; } header.top .languages { order: 2; }
      header.top nav { order: 3; grid-column: 1 / -1; flex-wrap: nowrap; overflow-x: auto; white-space: nowrap; padding-bottom: .3rem; } }
    @media (max-width: 719px) { .month { grid-template-columns: 1fr; } .month .weekday, .month .day.free { display: none; }
      .month .day { min-height: auto; } .month .day .date::after { content: " " attr(aria-label); font-weight: 400; color: var(--muted); } }
    .status.fresh strong { color: var(--ok); } .status.overreaching strong { color: var(--bad); } .status.productive strong { color: #1971c2; }
    """
}
