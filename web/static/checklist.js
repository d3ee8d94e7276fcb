// Certa checklist: says when answers are typed but not saved, and asks before leaving the
// page with them. Progressive enhancement of <form data-unsaved>; without script the form
// works the same.
(function () {
  'use strict';
  var form = document.querySelector('form[data-unsaved]');
  if (!form) { return; }
  var status = form.querySelector('.ck-dirty');
  var changed = new Set();
  var leaving = false;
  function note(e) {
    var name = (e.target && e.target.name) || '';
    var m = /_([0-9a-f-]{36})$/.exec(name);
    changed.add(m ? m[1] : name);
    if (status) {
      status.textContent = 'Unsaved changes in ' + changed.size + ' item' + (changed.size === 1 ? '' : 's');
    }
  }
  form.addEventListener('input', note);
  form.addEventListener('change', note);
  form.addEventListener('submit', function () { leaving = true; });
  window.addEventListener('beforeunload', function (e) {
    if (changed.size > 0 && !leaving) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
})();
