// The test pane: asks /staff/api/ask and shows the reply in Web Chat (through an in-page Direct Line that talks to
// no server of its own) and the decision beside it.
(function () {
  'use strict';
  var api = window.IndBotStaff;
  var el = api.el;
  var form = document.getElementById('ask-form');
  var questionInput = document.getElementById('question');
  var language = document.getElementById('language');
  var channel = document.getElementById('channel');
  var conversation = document.getElementById('conversation');
  var status = document.getElementById('ask-status');
  var decisionPanel = document.getElementById('decision');
  var chat = document.getElementById('chat');
  var context = '';
  var directLine = null;
  var sequence = 0;

  // The slice of DirectLineJS that Web Chat uses: activity$, connectionStatus$ (2 = online), postActivity, end.
  function paneDirectLine() {
    var activityObservers = [];
    function observable(observers, onSubscribe) {
      return {
        subscribe: function (observer) {
          var o = typeof observer === 'function' ? { next: observer } : observer;
          observers.push(o);
          if (onSubscribe) { onSubscribe(o); }
          return { unsubscribe: function () { var i = observers.indexOf(o); if (i >= 0) { observers.splice(i, 1); } } };
        }
      };
    }
    function emit(activity) {
      setTimeout(function () { activityObservers.slice().forEach(function (o) { o.next(activity); }); }, 0);
    }
    return {
      activity$: observable(activityObservers),
      connectionStatus$: observable([], function (o) { o.next(0); o.next(1); o.next(2); }),
      emit: emit,
      postActivity: function (activity) {
        var id = 'staff-' + (++sequence);
        emit(Object.assign({}, activity, { id: id, timestamp: new Date().toISOString() }));
        if (activity.type === 'message') { ask(activity.text || '', activity.value); }
        return observable([], function (o) { o.next(id); if (o.complete) { o.complete(); } });
      },
      end: function () {}
    };
  }

  function renderChat() {
    var teams = channel.value === 'msteams';
    document.getElementById('channel-name').textContent = teams ? 'Teams' : 'Web Chat';
    document.getElementById('channel-note').textContent = teams
      ? 'The activities the bot sends to Teams (Adaptive Card buttons instead of suggested actions), drawn by Web Chat as the Agents Playground draws them; Teams itself looks different.'
      : 'Web Chat with the bot\'s real cards and buttons; a button asks its question here too.';
    chat.textContent = '';
    if (!window.WebChat) {
      chat.appendChild(el('p', { 'class': 'error', text: 'The Web Chat bundle is not built (npm run build); the decision is still shown.' }));
      directLine = null;
      return;
    }
    // A new container each time: the old one belongs to the previous Web Chat.
    var host = el('div', { 'class': 'chat-host' });
    chat.appendChild(host);
    directLine = paneDirectLine();
    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: 'staff-test-pane',
      locale: language.value === 'nl' ? 'nl-NL' : 'en-US',
      styleOptions: { accent: '#154273', botAvatarInitials: 'IND', hideUploadButton: true, rootHeight: '100%', suggestedActionLayout: 'flow' }
    }, host);
  }

  function ask(text, value) {
    status.className = '';
    status.textContent = 'Asking…';
    return api.post('/staff/api/ask', {
      question: text,
      value: value,
      language: language.value,
      channel: channel.value,
      context: conversation.checked ? context : ''
    }).then(function (result) {
      context = result.context;
      if (directLine) {
        result.activities.forEach(function (activity, i) {
          directLine.emit(Object.assign({ id: 'bot-' + (++sequence) + '-' + i, timestamp: new Date().toISOString(), from: { id: 'indbot', name: 'IndBot', role: 'bot' } }, activity));
        });
      }
      showDecision(result.decision);
      status.textContent = 'Answered: ' + result.decision.kind + '.';
    }).catch(function (error) {
      status.className = 'error';
      status.textContent = error.message;
    });
  }

  function number(value) { return typeof value === 'number' ? value.toFixed(3) : '–'; }

  function fact(list, name, value) {
    list.appendChild(el('dt', { text: name }));
    list.appendChild(el('dd', { text: value === null || value === undefined || value === '' ? '–' : String(value) }));
  }

  function showDecision(d) {
    decisionPanel.textContent = '';
    var facts = el('dl', { 'class': 'facts', 'aria-label': 'Decision' });
    fact(facts, 'Kind', d.kind + (d.reason ? ' (' + d.reason + ')' : ''));
    fact(facts, 'Entry', (d.answers || []).join(' + '));
    fact(facts, 'Small talk', d.smallTalk);
    fact(facts, 'Confidence', number(d.confidence));
    fact(facts, 'Verdict', d.verdict === null || d.verdict === undefined ? '' : (d.verdict ? 'yes' : 'no'));
    fact(facts, 'Language', d.language + (d.languageReason ? ' (' + d.languageReason + ')' : ''));
    fact(facts, 'Corrections', (d.corrections || []).join(', ') || 'none');
    fact(facts, 'Read as', d.question);
    decisionPanel.appendChild(facts);
    if (d.options && d.options.length) {
      decisionPanel.appendChild(el('h3', { text: 'Options offered' }));
      decisionPanel.appendChild(el('ul', {}, d.options.map(function (o) { return el('li', { text: o.entryId + ' – ' + o.title }); })));
    }
    decisionPanel.appendChild(el('h3', { text: 'Candidates' }));
    if (!d.candidates.length) {
      decisionPanel.appendChild(el('p', { text: 'No candidates.' }));
      return;
    }
    var rows = d.candidates.map(function (c) {
      var features = el('details', {}, [el('summary', { text: 'Features of ' + c.entryId })]);
      var list = el('dl', { 'class': 'facts features' });
      Object.keys(c.features).forEach(function (name) { fact(list, name, Math.round(c.features[name] * 1000) / 1000); });
      features.appendChild(list);
      return el('tr', {}, [
        el('td', { text: c.entryId }), el('td', { text: c.title }), el('td', { 'class': 'num', text: number(c.probability) }),
        el('td', { text: c.phrasing || '–' }), el('td', {}, [features])
      ]);
    });
    decisionPanel.appendChild(el('table', {}, [
      el('caption', { 'class': 'hint', text: 'Each candidate with the model\'s probability and its best matching phrasing' }),
      el('thead', {}, [el('tr', {}, ['Entry', 'Title', 'Probability', 'Matched phrasing', 'Features'].map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
      el('tbody', {}, rows)
    ]));
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = questionInput.value.trim();
    if (!text) {
      status.className = 'error';
      status.textContent = 'Type a question first.';
      questionInput.focus();
      return;
    }
    if (!conversation.checked) { context = ''; }
    if (directLine) {
      directLine.emit({ type: 'message', id: 'staff-' + (++sequence), text: text, timestamp: new Date().toISOString(), from: { id: 'staff-test-pane', role: 'user' } });
    }
    questionInput.value = '';
    ask(text);
  });
  document.getElementById('restart').addEventListener('click', function () { context = ''; renderChat(); decisionPanel.textContent = 'Ask a question to see the decision.'; });
  channel.addEventListener('change', function () { context = ''; renderChat(); });
  language.addEventListener('change', function () { context = ''; renderChat(); });
  renderChat();
  form.setAttribute('data-ready', 'true');
})();
