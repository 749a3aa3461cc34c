// Shared by the staff pages: JSON requests with the antiforgery token, and small DOM helpers (text only, never HTML).
(function () {
  'use strict';
  var token = document.querySelector('meta[name=csrf-token]').content;

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token },
      body: JSON.stringify(body),
      credentials: 'same-origin'
    }).then(function (response) {
      if (response.status === 401) {
        window.location.reload();
        throw new Error('Your sign-in has expired.');
      }
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          throw new Error(json.error || 'The request failed (HTTP ' + response.status + ').');
        }
        return json;
      });
    });
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === 'text') { node.textContent = attributes[key]; } else { node.setAttribute(key, attributes[key]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  window.IndBotStaff = { post: post, el: el };
})();
