// The dashboard pages' stylesheet and countdown script, inlined into every page (no asset
// requests, so a page renders from one response).

/** The stylesheet of every mock page (light and dark themes). */
export const PAGE_STYLE = `
:root{--bg:#f5f7fb;--panel:#ffffff;--text:#17202e;--muted:#5d6b82;--line:#e2e7f0;--accent:#3b5bdb;--accent-soft:#dbe4ff;--good:#2b8a3e;--warn:#e67700;--bad:#c92a2a;color-scheme:light}
html[data-theme="dark"]{--bg:#10141c;--panel:#181e2a;--text:#e8ecf3;--muted:#98a3b8;--line:#283146;--accent:#7d95ff;--accent-soft:#26305a;--good:#69db7c;--warn:#ffa94d;--bad:#ff8787;color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.zt{max-width:1180px;margin:0 auto;padding:20px}
.zt-top{display:flex;flex-wrap:wrap;gap:12px 24px;align-items:center;justify-content:space-between;margin-bottom:18px}
.zt-brand{display:flex;align-items:center;gap:8px;font-weight:700;font-size:16px}
.zt-logo{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:8px;background:var(--accent);color:#fff}
.zt-badge{font-size:11px;font-weight:600;padding:2px 6px;border-radius:6px;background:var(--accent-soft);color:var(--accent)}
.zt-context{color:var(--muted)}
.zt-context b{color:var(--text);font-weight:600}
.zt-timer{font-variant-numeric:tabular-nums;color:var(--muted)}
.zt-timer span{color:var(--text);font-weight:600}
h1{font-size:20px;margin:0 0 14px}
h2{font-size:15px;margin:0 0 12px}
.zt-cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-bottom:12px}
.zt-card,.zt-panel{background:var(--panel);border:1px solid var(--line);border-radius:12px;padding:14px 16px}
.zt-card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.zt-card .value{font-size:24px;font-weight:700;margin-top:4px;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.zt-card .value.text{font-size:17px;font-weight:600}
.zt-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px;margin-bottom:12px}
.zt-bars{display:flex;align-items:flex-end;gap:10px;height:160px;padding-top:8px}
.zt-bar{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:flex-end;height:100%;gap:6px;color:var(--muted);font-size:12px}
.zt-bar i{display:block;width:100%;max-width:42px;border-radius:6px 6px 2px 2px;background:var(--accent)}
.zt-topics{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.zt-topics .track,.zt-ratio{height:8px;border-radius:4px;background:var(--accent-soft);overflow:hidden;margin-top:4px}
.zt-topics .track i,.zt-ratio i{display:block;height:100%;background:var(--accent)}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:8px 6px;border-bottom:1px solid var(--line);white-space:nowrap}
th{color:var(--muted);font-weight:600;font-size:12px}
td.num{font-variant-numeric:tabular-nums}
.zt-table{overflow-x:auto}
.good{color:var(--good)}.warn{color:var(--warn)}.bad{color:var(--bad)}
.zt-moments{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.zt-moments time{display:inline-block;min-width:72px;color:var(--muted);font-variant-numeric:tabular-nums}
.zt-error{max-width:520px;margin:12vh auto;text-align:center}
.zt-error .zt-panel{padding:28px}
.zt-error .zt-brand{justify-content:center;margin-bottom:12px}
.zt-error p{color:var(--muted)}
`;

// Counts down from the seconds left at render time, so a mock clock and a browser clock
// that disagree still show the platform's view. Same format rule as formatCountdown().
export const COUNTDOWN_SCRIPT = `(function(){var root=document.querySelector('[data-zipteams-page]');var out=document.querySelector('[data-zipteams-countdown]');if(!root||!out)return;var left=Number(root.getAttribute('data-token-expires-in'));var start=Date.now();function two(n){return(n<10?'0':'')+n}function format(s){var h=Math.floor(s/3600),m=Math.floor(s%3600/60),r=s%60;return(h>0?h+':':'')+two(m)+':'+two(r)}var timer;function tick(){var s=Math.max(0,left-Math.floor((Date.now()-start)/1000));if(s>0){out.textContent=format(s);return}out.textContent='expired';root.setAttribute('data-token-state','expired');clearInterval(timer)}timer=setInterval(tick,1000);tick()})();`;
