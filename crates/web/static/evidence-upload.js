// Streams the chosen file to POST /api/v1/evidence with its metadata in the query string, and
// shows the server's field errors next to the fields. The file is never read into memory here.
(function () {
  const form = document.getElementById('evidence-upload');
  if (!form) return;
  const alertBox = document.getElementById('upload-alert');
  const progress = document.getElementById('upload-progress');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    form.querySelectorAll('[data-error]').forEach(function (el) { el.textContent = ''; });
    alertBox.hidden = true;
    const file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    const q = new URLSearchParams();
    form.querySelectorAll('[data-field]').forEach(function (el) {
      if (el.type === 'file' || !el.value) return;
      q.set(el.name, el.name === 'captured_at' ? el.value.replace('T', ' ') : el.value);
    });
    const dot = file.name.lastIndexOf('.');
    q.set('format', dot >= 0 ? file.name.slice(dot + 1) : '');
    q.set('file_name', file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/evidence?' + q.toString());
    xhr.setRequestHeader('X-CSRF-Token', form.dataset.csrf);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    progress.hidden = false;
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = function () {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) {}
      // Opened from a case page: back to the case, where the item is now listed to link.
      if (xhr.status === 201) { window.location.href = form.dataset.return || ('/evidence/' + body.id); return; }
      progress.hidden = true;
      alertBox.textContent = (body.fields && body.fields.length) ? '请修改标出的项目后再上传。'
        : (body.message || ('上传失败（' + xhr.status + '）'));
      alertBox.hidden = false;
      (body.fields || []).forEach(function (f) {
        const el = form.querySelector('[data-error="' + f.field + '"]');
        if (el) el.textContent = f.message;
      });
    };
    xhr.onerror = function () { progress.hidden = true; alertBox.textContent = '网络中断，文件未保存，请重新上传'; alertBox.hidden = false; };
    xhr.send(file);
  });
})();
