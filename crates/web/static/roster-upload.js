// Sends the chosen roster file to POST /api/v1/rosters (its name and the note in the query
// string) and lists every problem the server names by row and column.
(function () {
  const form = document.getElementById('roster-upload');
  if (!form) return;
  const alertBox = document.getElementById('upload-alert');
  const list = document.getElementById('upload-errors');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    alertBox.hidden = true;
    list.hidden = true;
    list.textContent = '';
    const file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    const q = new URLSearchParams();
    form.querySelectorAll('[data-field]').forEach(function (el) { if (el.value) q.set(el.name, el.value); });
    q.set('source', file.name);
    const button = form.querySelector('button');
    button.disabled = true;
    fetch('/api/v1/rosters?' + q.toString(), {
      method: 'POST',
      headers: { 'X-CSRF-Token': form.dataset.csrf, 'Content-Type': 'application/octet-stream' },
      body: file,
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (r.status === 201) { window.location.href = '/rosters/' + body.id; return; }
        button.disabled = false;
        alertBox.textContent = (body.fields && body.fields.length) ? '名录未导入，请修改以下问题后重新导入：'
          : (body.message || ('导入失败（' + r.status + '）'));
        alertBox.hidden = false;
        (body.fields || []).forEach(function (f) {
          const li = document.createElement('li');
          li.textContent = f.message;
          list.appendChild(li);
        });
        list.hidden = !(body.fields && body.fields.length);
      });
    }).catch(function () {
      button.disabled = false;
      alertBox.textContent = '网络中断，名录未导入，请重新导入';
      alertBox.hidden = false;
    });
  });
})();
