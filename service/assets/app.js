// Progressive enhancement of the page: check and answer without reloading. Without JavaScript
// the same forms post to /check and /feedback and the server renders the result.
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  var result = document.getElementById('result');
  var variant = document.body.getAttribute('data-variant');

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function notice(text, isError) {
    result.textContent = '';
    var p = el('p', { class: isError ? 'notice error' : 'notice' }, text);
    if (isError) p.setAttribute('role', 'alert');
    result.appendChild(p);
  }

  function render(p) {
    result.textContent = '';
    if (p.error) return notice('This could not be checked: ' + p.error, true);
    var verdict = p.phishing ? 'phishing' : 'legitimate';
    var box = el('div', { class: 'verdict ' + verdict, id: 'verdict', 'data-verdict': verdict });
    var answer = variant === 'probability'
      ? 'Probability of phishing: ' + (Math.round(p.probability * 1000) / 10).toFixed(1) + '%'
      : (p.phishing ? 'Phishing: do not open this link' : 'Legitimate: no sign of phishing');
    box.appendChild(el('p', { class: 'answer' }, answer));
    if (p.reasons && p.reasons.length) {
      var ul = el('ul', { class: 'reasons' });
      p.reasons.forEach(function (r) { ul.appendChild(el('li', {}, r)); });
      box.appendChild(ul);
    }
    result.appendChild(box);
    var fb = el('form', { class: 'feedback', method: 'post', action: '/feedback' });
    [['url', p.url], ['verdict', verdict], ['variant', variant]].forEach(function (kv) {
      fb.appendChild(el('input', { type: 'hidden', name: kv[0], value: kv[1] }));
    });
    var fs = el('fieldset');
    fs.appendChild(el('legend', {}, 'Was this helpful?'));
    fs.appendChild(el('button', { type: 'submit', name: 'satisfied', value: 'true', id: 'feedback-yes' }, 'Yes'));
    fs.appendChild(el('button', { type: 'submit', name: 'satisfied', value: 'false', id: 'feedback-no' }, 'No'));
    fb.appendChild(fs);
    result.appendChild(fb);
  }

  form.addEventListener('submit', function (e) {
    var url = form.elements.url.value.trim();
    if (!url || !window.fetch) return;  // let the browser post the form
    e.preventDefault();
    notice('Checking…', false);
    fetch('/predict', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify({ url: url }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (r) { r.ok ? render(r.body) : notice(r.body.error || 'The check failed.', true); })
      .catch(function () { notice('The service is unavailable. Please try again later.', true); });
  });

  // Feedback forms, server-rendered or ours: answer in place.
  result.addEventListener('submit', function (e) {
    var fb = e.target;
    if (!fb.classList || !fb.classList.contains('feedback') || !window.fetch) return;
    e.preventDefault();
    var satisfied = e.submitter ? e.submitter.value === 'true' : true;
    var body = { url: fb.elements.url.value, verdict: fb.elements.verdict.value,
                 variant: fb.elements.variant.value, satisfied: satisfied };
    fetch('/feedback', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                         body: JSON.stringify(body) })
      .then(function (r) {
        if (!r.ok) throw new Error('feedback');
        fb.replaceWith(el('p', { class: 'notice', id: 'thanks' }, 'Thank you for your answer.'));
      })
      .catch(function () { notice('Your answer could not be saved. Please try again.', true); });
  });
})();
