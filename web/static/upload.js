// Certa evidence upload with a progress bar. Progressive enhancement of
// <form class="evidence-upload" data-target-kind=… data-target-id=… data-direct=…>:
// direct mode asks Certa for an upload address, sends the file there with its SHA-256,
// then asks Certa to check and complete it; stream mode sends the file through Certa.
(function () {
  'use strict';
  function hex(buf) {
    return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  function post(url, fields) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString()
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { throw new Error(j.detail || ('the server answered ' + r.status)); }
        return j;
      });
    });
  }
  function send(method, url, headers, file, bar) {
    return new Promise(function (resolve, reject) {
      var x = new XMLHttpRequest();
      x.open(method, url);
      Object.keys(headers || {}).forEach(function (k) {
        if (k.toLowerCase() !== 'content-length' && k.toLowerCase() !== 'host') { x.setRequestHeader(k, headers[k]); }
      });
      x.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; bar.textContent = Math.round(100 * e.loaded / e.total) + ' %'; }
      };
      x.onload = function () {
        if (x.status >= 200 && x.status < 300) { resolve(x.responseText ? JSON.parse(x.responseText || '{}') : {}); return; }
        var detail = 'the upload failed (' + x.status + ')';
        try { detail = JSON.parse(x.responseText).detail || detail; } catch (e) { /* not JSON */ }
        reject(new Error(detail));
      };
      x.onerror = function () { reject(new Error('the connection failed')); };
      x.send(file);
    });
  }
  // The page reloads after an upload to list the new file; the outcome is kept for that
  // one reload (per form) so it stays on screen.
  var KEPT = 'certa-upload-outcome:' + window.location.pathname + ':';
  function keep(form, text) {
    try { window.sessionStorage.setItem(KEPT + form.getAttribute('aria-label'), text); } catch (e) { /* storage off */ }
  }
  function kept(form) {
    try {
      var key = KEPT + form.getAttribute('aria-label');
      var text = window.sessionStorage.getItem(key);
      window.sessionStorage.removeItem(key);
      return text;
    } catch (e) { return null; }
  }
  document.querySelectorAll('form.evidence-upload').forEach(function (form) {
    var input = form.querySelector('input[type=file]');
    var bar = form.querySelector('progress');
    var status = form.querySelector('[role=status]');
    var outcome = kept(form);
    if (outcome) { status.textContent = outcome; }
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var file = input.files && input.files[0];
      if (!file) { status.textContent = 'Choose a file first.'; return; }
      var csrf = form.querySelector('input[name=csrf]').value;
      var kind = form.dataset.targetKind, id = form.dataset.targetId;
      var titleInput = form.querySelector('input[name=title]');
      var title = titleInput ? titleInput.value : '';
      bar.hidden = false; bar.value = 0;
      status.textContent = 'Uploading ' + file.name + '…';
      var done;
      if (form.dataset.direct === 'true') {
        done = file.arrayBuffer().then(function (b) { return crypto.subtle.digest('SHA-256', b); }).then(function (d) {
          return post('/evidence/uploads', {
            csrf: csrf, target_kind: kind, target_id: id, filename: file.name, size: String(file.size),
            sha256: hex(d), content_type: file.type || 'application/octet-stream', title: title
          });
        }).then(function (t) {
          return send(t.method, t.url, t.headers, file, bar).then(function () {
            return post('/evidence/uploads/' + t.id + '/complete', { csrf: csrf });
          });
        });
      } else {
        var q = new URLSearchParams({ target_kind: kind, target_id: id, filename: file.name, csrf: csrf, title: title });
        done = send('POST', '/evidence/stream?' + q.toString(), { 'content-type': 'application/octet-stream' }, file, bar);
      }
      done.then(function (v) {
        status.textContent = 'Uploaded ' + (v.filename || file.name) + ' (' + (v.size || file.size) + ' bytes), checked and kept.';
        keep(form, status.textContent);
        setTimeout(function () { window.location.reload(); }, 600);
      }).catch(function (e) {
        status.textContent = 'Not uploaded: ' + e.message;
      });
    });
  });
})();
