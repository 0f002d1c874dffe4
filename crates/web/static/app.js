// The pages work without this script; it adds what a browser can do on the person's side:
// a confirmation before what cannot be undone, drafts kept on the device until sent, and the
// menu folded away on a phone.
(function () {
  'use strict';

  // Confirm once before an irreversible act: <form data-confirm="what will happen">.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var text = form.getAttribute && form.getAttribute('data-confirm');
    if (text && !window.confirm(text)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Counts in the menu: what waits on the workbench, unread notifications.
  var badges = document.querySelectorAll('[data-count]');
  if (badges.length && window.fetch) {
    fetch('/api/v1/me/counts', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c) return;
        Array.prototype.forEach.call(badges, function (b) {
          var n = c[b.getAttribute('data-count')];
          if (!n) return;
          b.textContent = String(n);
          b.setAttribute('aria-label', (b.getAttribute('data-count') === 'tasks' ? '待办' : '未读') + n + '项');
          if (b.getAttribute('data-count') === 'tasks' && c.overdue) b.className += ' overdue';
          b.hidden = false;
        });
      })
      .catch(function () {});
  }

  // Drafts: a form with data-draft="key" is saved to this device as it is typed; a draft left
  // unsent (lost signal, closed tab) is offered back when the form is opened again. Sending it
  // goes through the same checks as ever; it is dropped once a page without the form follows.
  var PREFIX = 'zhifa-draft:';
  function storage() {
    try { return window.localStorage; } catch (_) { return null; }
  }
  var store = storage();
  if (!store) return;

  function read(key) {
    try { return JSON.parse(store.getItem(PREFIX + key) || 'null'); } catch (_) { return null; }
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== '_csrf' && el.type !== 'password' && el.type !== 'file' &&
        el.type !== 'hidden' && el.type !== 'submit';
    });
  }
  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (el) {
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (!values[el.name]) values[el.name] = [];
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }
  function restore(form, values) {
    fields(form).forEach(function (el) {
      if (!(el.name in values)) return;
      var v = values[el.name];
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = v.indexOf(el.value) >= 0;
      else el.value = v;
    });
  }
  function empty(values, form) {
    var now = snapshot(form);
    return Object.keys(values).every(function (k) { return JSON.stringify(values[k]) === JSON.stringify(now[k]); });
  }

  var present = {};
  document.querySelectorAll('form[data-draft]').forEach(function (form) {
    var key = form.getAttribute('data-draft');
    present[key] = true;
    var draft = read(key);
    var rejected = document.querySelector('[role=alert]') !== null;
    if (draft && !rejected && !empty(draft.values, form)) {
      var note = document.createElement('p');
      note.className = 'notice draft-note';
      note.setAttribute('role', 'status');
      note.textContent = '已恢复本机保存的未提交草稿（' + draft.saved + '）。请核对后提交；提交时照常检查。';
      var clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'other';
      clear.textContent = '放弃草稿';
      clear.addEventListener('click', function () {
        store.removeItem(PREFIX + key);
        window.location.reload();
      });
      note.appendChild(document.createTextNode(' '));
      note.appendChild(clear);
      form.parentNode.insertBefore(note, form);
      restore(form, draft.values);
    }
    var save = function (sent) {
      var d = new Date();
      var pad = function (n) { return (n < 10 ? '0' : '') + n; };
      var saved = (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
      try {
        store.setItem(PREFIX + key, JSON.stringify({ values: snapshot(form), saved: saved, sent: sent }));
      } catch (_) { /* storage full: the form still works */ }
    };
    form.addEventListener('input', function () { save(false); });
    form.addEventListener('change', function () { save(false); });
    form.addEventListener('submit', function (e) { if (!e.defaultPrevented) save(true); });
  });
  // A draft that was sent and answered by a page without its form was received.
  for (var i = store.length - 1; i >= 0; i--) {
    var k = store.key(i);
    if (!k || k.indexOf(PREFIX) !== 0) continue;
    var key = k.slice(PREFIX.length);
    var d = read(key);
    if (d && d.sent && !present[key]) store.removeItem(k);
  }
})();

// A form filled from the case marks what the person changed from what was filled in.
(function () {
  'use strict';
  function differs(el) {
    if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
    if (el.tagName === 'SELECT') {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }
  document.querySelectorAll('form[data-prefill]').forEach(function (form) {
    var mark = function (e) {
      var el = e.target;
      var box = el.closest('fieldset') || el.closest('label');
      if (!box) return;
      var changed = Array.prototype.some.call(box.querySelectorAll('input, select, textarea'), differs);
      box.classList.toggle('changed', changed);
    };
    form.addEventListener('input', mark);
    form.addEventListener('change', mark);
  });
})();

// The menu on a phone: folded behind one button.
(function () {
  'use strict';
  var button = document.getElementById('menu-toggle');
  var nav = document.getElementById('site-nav');
  if (!button || !nav) return;
  button.hidden = false;
  document.documentElement.classList.add('js');
  button.addEventListener('click', function () {
    var open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
    nav.classList.toggle('open', !open);
  });
})();
