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
    """
}
