// translate-kit dashboard: builds the heatmap and the episode list from the embedded data.
// Data only ever reaches the page through textContent, title and href (never innerHTML).
window.addEventListener('error', function (e) {
  var root = document.documentElement;
  root.dataset.jsErrors = (root.dataset.jsErrors || '') + e.message + '\n';
});

(function () {
  'use strict';
  var D, S, RANK = {}, view = {}, BAND = 100, PAGE = 100;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // A cell is [status, path, reason, changed, qa, flagged]; 0 where the episode has no slot.
  function href(ep, cell) {
    var path = cell[1];
    if (!path) { path = ep[2] || ''; }
    if (path.slice(0, 2) === '~/') { path = ep[2].replace(/[^/]*$/, '') + path.slice(2); }
    return path ? D.base + path.split('/').map(encodeURIComponent).join('/') : '';
  }

  function label(cell) {
    var status = S[cell[0]];
    return D.symbols[status] + (status === 'stale' && cell[3] ? cell[3] : '') +
      (cell[5] ? '*' : '');
  }

  function why(ep, li, cell) {
    var text = '#' + ep[0] + (ep[1] ? ' ' + ep[1] : '') + ' · ' + D.langs[li] + ': ' +
      S[cell[0]] + ' — ' + D.strings[cell[2]];
    if (cell[4]) { text += ' · ' + cell[4] + ' QA finding' + (cell[4] === 1 ? '' : 's'); }
    return text;
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var q = document.getElementById('q');
    if (params.has('q')) { q.value = params.get('q'); }
    ['lang', 'status'].forEach(function (kind) {
      if (!params.has(kind)) { return; }
      var wanted = params.get(kind).split(',');
      document.querySelectorAll('input[data-' + kind + ']').forEach(function (box) {
        box.checked = wanted.indexOf(box.dataset[kind]) >= 0;
      });
    });
    if (params.has('flagged')) { document.getElementById('flagged').checked = true; }
    if (params.has('order')) { document.getElementById('order').value = params.get('order'); }
  }

  function readFilters() {
    view.q = document.getElementById('q').value.trim().toLowerCase();
    view.langs = {}; view.statuses = {};
    document.querySelectorAll('input[data-lang]').forEach(function (b) {
      view.langs[b.dataset.lang] = b.checked; });
    document.querySelectorAll('input[data-status]').forEach(function (b) {
      view.statuses[b.dataset.status] = b.checked; });
    view.flagged = document.getElementById('flagged').checked;
    view.order = document.getElementById('order').value;
  }

  function searchMatches(ep) {
    var q = view.q, range;
    if (!q) { return true; }
    if (/^#?\d+$/.test(q)) { return ep[0] === parseInt(q.replace('#', ''), 10); }
    range = /^#?(\d+)\s*[-–]\s*#?(\d+)$/.exec(q);
    if (range) { return ep[0] >= +range[1] && ep[0] <= +range[2]; }
    return (ep[1] || '').toLowerCase().indexOf(q) >= 0 ||
      (ep[2] || '').toLowerCase().indexOf(q) >= 0;
  }

  function cellMatches(ep, li) {
    var cell = ep[3][li];
    return cell !== 0 && view.langs[D.langs[li]] && view.statuses[S[cell[0]]] &&
      (!view.flagged || cell[5] || cell[4] > 0);
  }

  // The same order as translate_kit.report.urgency: the most urgent status first, flagged
  // before not, more unfinished languages first, then the episode number.
  function urgency(ep) {
    var best = D.attention.length, flagged = ep[4] ? 0 : 1, open = 0;
    ep[3].forEach(function (cell, li) {
      if (cell === 0 || !view.langs[D.langs[li]]) { return; }
      var rank = RANK[S[cell[0]]];
      best = Math.min(best, rank);
      if (cell[5]) { flagged = 0; }
      if (rank < RANK.draft) { open += 1; }
    });
    return [best * 2 + flagged, -open, ep[0]];
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) {
      if (a.key[i] !== b.key[i]) { return a.key[i] - b.key[i]; }
    }
    return 0;
  }

  function buildHeat() {
    var heat = document.getElementById('heat');
    for (var start = 0; start < D.episodes.length; start += BAND) {
      var chunk = D.episodes.slice(start, start + BAND);
      var band = el('div', 'band');
      band.appendChild(el('div', 'range', '#' + chunk[0][0] + '–' + chunk[chunk.length - 1][0]));
      var rows = el('div');
      D.langs.forEach(function (lang, li) {
        var row = el('div', 'hrow');
        row.dataset.col = lang;
        row.appendChild(el('b', '', lang));
        chunk.forEach(function (ep, k) {
          var cell = ep[3][li], a = el('a', 'c');
          a.dataset.e = start + k; a.dataset.l = li;
          a.tabIndex = -1;
          if (cell === 0) { a.className = 'c s-none'; } else {
            a.className = 'c s-' + S[cell[0]] + (cell[4] ? ' q' : '');
            a.href = href(ep, cell);
          }
          row.appendChild(a);
        });
        rows.appendChild(row);
      });
      band.appendChild(rows);
      heat.appendChild(band);
    }
    heat.addEventListener('mouseover', function (e) {
      var a = e.target;
      if (a.dataset && a.dataset.e !== undefined && !a.title) {
        var ep = D.episodes[+a.dataset.e], cell = ep[3][+a.dataset.l];
        a.title = cell === 0 ? '#' + ep[0] + ': no slot' : why(ep, +a.dataset.l, cell);
      }
    });
  }

  function paintHeat(matchEp) {
    document.querySelectorAll('#heat .hrow').forEach(function (row) {
      row.classList.toggle('hide', !view.langs[row.dataset.col]);
    });
    document.querySelectorAll('#heat a.c').forEach(function (a) {
      var i = +a.dataset.e, li = +a.dataset.l;
      a.classList.toggle('dim', !(matchEp[i] && cellMatches(D.episodes[i], li)));
    });
  }

  function row(ep) {
    var tr = el('tr', 'episode');
    tr.dataset.number = ep[0];
    tr.appendChild(el('td', 'n', '#' + ep[0]));
    var name = el('td');
    name.appendChild(el('span', '', ep[1] || ''));
    if (!ep[2]) { name.appendChild(el('span', 'muted', ' (no source: orphan)')); }
    tr.appendChild(name);
    D.langs.forEach(function (lang, li) {
      var td = el('td'), cell = ep[3][li];
      td.dataset.col = lang;
      td.classList.toggle('hide', !view.langs[lang]);
      if (cell !== 0) {
        var a = el('a', 'chip s-' + S[cell[0]], label(cell));
        a.href = href(ep, cell);
        a.title = why(ep, li, cell);
        a.dataset.status = S[cell[0]];
        if (cell[4]) { a.appendChild(el('sup', '', '⚠' + cell[4])); }
        if (!cellMatches(ep, li)) { a.classList.add('off'); }
        td.appendChild(a);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function apply() {
    readFilters();
    var matchEp = [], hits = [];
    D.episodes.forEach(function (ep, i) {
      var any = false;
      for (var li = 0; li < D.langs.length && !any; li++) { any = cellMatches(ep, li); }
      matchEp[i] = any && searchMatches(ep);
      if (matchEp[i]) {
        hits.push({ep: ep, key: view.order === 'number' ? [ep[0]] : urgency(ep)});
      }
    });
    hits.sort(compare);
    paintHeat(matchEp);
    document.querySelectorAll('th[data-col]').forEach(function (th) {
      th.classList.toggle('hide', !view.langs[th.dataset.col]); });
    var body = document.getElementById('rows');
    body.textContent = '';
    var limit = Math.min(hits.length, view.shown || PAGE);
    for (var k = 0; k < limit; k++) { body.appendChild(row(hits[k].ep)); }
    document.getElementById('shown').textContent = hits.length;
    document.getElementById('listed').textContent = limit;
    var more = document.getElementById('more');
    more.classList.toggle('hide', limit >= hits.length);
    document.documentElement.dataset.matching = hits.length;
    writeHash();
  }

  function writeHash() {
    var params = new URLSearchParams();
    if (view.q) { params.set('q', view.q); }
    var langs = D.langs.filter(function (l) { return view.langs[l]; });
    if (langs.length !== D.langs.length) { params.set('lang', langs.join(',')); }
    var statuses = S.filter(function (s) { return view.statuses[s]; });
    if (statuses.length !== S.length) { params.set('status', statuses.join(',')); }
    if (view.flagged) { params.set('flagged', '1'); }
    if (view.order !== 'attention') { params.set('order', view.order); }
    var hash = params.toString();
    if (hash !== location.hash.slice(1)) {
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    D = JSON.parse(document.getElementById('tk-data').textContent);
    S = D.statuses;
    D.attention.forEach(function (s, i) { RANK[s] = i; });
    readHash();
    readFilters();
    buildHeat();
    apply();
    var timer;
    document.getElementById('q').addEventListener('input', function () {
      clearTimeout(timer); view.shown = 0; timer = setTimeout(apply, 150); });
    document.querySelector('.filters').addEventListener('change', function () {
      view.shown = 0; apply(); });
    document.getElementById('more').addEventListener('click', function () {
      view.shown = (view.shown || PAGE) + PAGE; apply(); });
    var root = document.documentElement;
    root.dataset.heatHeight = document.getElementById('heat').offsetHeight;
    root.dataset.cells = document.querySelectorAll('#heat a.c:not(.s-none)').length;
    root.dataset.ready = 'yes';
  });
}());
