/*
 * IndBot chat widget. Embed with one line:
 *   <script src="https://<bot host>/widget.js" async></script>
 * Adds a round chat button (bottom right) that opens a panel with Web Chat, loaded from the same origin as this
 * script and connected to the bot's own Direct Line endpoint with a short-lived token; replies arrive on Direct
 * Line's WebSocket stream (polling when WebSockets are not available).
 * Optional attributes on the script tag: data-lang="nl|en" (default: the browser's language).
 */
(function () {
  'use strict';

  if (window.IndBotWidget) {
    return;
  }

  var script = document.currentScript || findOwnScript();
  var base = new URL('.', script && script.src ? script.src : window.location.href).href.replace(/\/$/, '');
  var requestedLang = (script && script.getAttribute('data-lang')) || navigator.language || 'en';
  var lang = /^nl\b/i.test(requestedLang) ? 'nl' : 'en';

  var texts = {
    en: {
      open: 'Open chat with IndBot',
      close: 'Close chat',
      title: 'IndBot \u2013 IND assistant',
      subtitle: 'Answers from the IND website',
      loading: 'Loading the chat\u2026',
      failed: 'The chat is not available right now. Please try again later or call the IND.',
      locale: 'en-US'
    },
    nl: {
      open: 'Open de chat met IndBot',
      close: 'Sluit de chat',
      title: 'IndBot \u2013 IND-assistent',
      subtitle: 'Antwoorden van de IND-website',
      loading: 'De chat wordt geladen\u2026',
      failed: 'De chat is nu niet beschikbaar. Probeer het later opnieuw of bel de IND.',
      locale: 'nl-NL'
    }
  }[lang];

  var launcher;
  var panel;
  var chatHost;
  var statusLine;
  var started = false;

  function findOwnScript() {
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(\?|$)/.test(scripts[i].src)) {
        return scripts[i];
      }
    }
    return null;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function icon(pathData) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', pathData);
    svg.appendChild(path);
    return svg;
  }

  function build() {
    launcher = el('button', {
      type: 'button',
      id: 'indbot-launcher',
      'class': 'indbot-launcher',
      'aria-label': texts.open,
      title: texts.open,
      'aria-haspopup': 'dialog',
      'aria-expanded': 'false',
      'aria-controls': 'indbot-panel'
    }, [icon('M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z')]);

    var closeButton = el('button', {
      type: 'button',
      'class': 'indbot-close',
      'aria-label': texts.close,
      title: texts.close
    }, [icon('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z')]);

    statusLine = el('p', { 'class': 'indbot-status', role: 'status' }, [texts.loading]);
    chatHost = el('div', { 'class': 'indbot-webchat' });

    panel = el('div', {
      id: 'indbot-panel',
      'class': 'indbot-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'indbot-title',
      lang: lang,
      hidden: ''
    }, [
      el('div', { 'class': 'indbot-header' }, [
        el('div', { 'class': 'indbot-heading' }, [
          el('h2', { id: 'indbot-title', 'class': 'indbot-title' }, [texts.title]),
          el('p', { 'class': 'indbot-subtitle' }, [texts.subtitle])
        ]),
        closeButton
      ]),
      statusLine,
      chatHost
    ]);

    launcher.addEventListener('click', function () {
      if (panel.hidden) {
        open();
      } else {
        close();
      }
    });
    closeButton.addEventListener('click', close);
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        event.stopPropagation();
        close();
      }
    });

    var root = el('div', { 'class': 'indbot-root' }, [panel, launcher]);
    document.body.appendChild(root);
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    document.documentElement.classList.add('indbot-open');
    if (!started) {
      started = true;
      start().catch(function (error) {
        started = false;
        statusLine.textContent = texts.failed;
        statusLine.hidden = false;
        if (window.console) {
          window.console.error('IndBot widget:', error);
        }
      });
    }
    focusInput();
  }

  function close() {
    if (panel.hidden) {
      return;
    }
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    document.documentElement.classList.remove('indbot-open');
    launcher.focus();
  }

  // Web Chat renders asynchronously: wait (by animation frames, bounded) for the send box before focusing it.
  function focusInput() {
    var frames = 0;
    (function tryFocus() {
      if (panel.hidden) {
        return;
      }
      var input = chatHost.querySelector('[data-id="webchat-sendbox-input"], .webchat__send-box-text-box__input');
      if (input) {
        input.focus();
      } else if (frames++ < 600) {
        window.requestAnimationFrame(tryFocus);
      } else {
        panel.focus();
      }
    })();
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.WebChat) {
        resolve();
        return;
      }
      var tag = el('script', { src: src, async: '' });
      tag.onload = function () { resolve(); };
      tag.onerror = function () { reject(new Error('Could not load ' + src)); };
      document.head.appendChild(tag);
    });
  }

  function fetchToken() {
    return fetch(base + '/api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      credentials: 'omit'
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('Token request failed with HTTP ' + response.status);
      }
      return response.json();
    });
  }

  function start() {
    return Promise.all([loadScript(base + '/dist/webchat.js?v=__WEBCHAT_VERSION__'), fetchToken()])
      .then(function (results) {
        var session = results[1];
        // A token from Azure's Direct Line comes with its domain; a local token talks to this server. Both stream
        // replies over Direct Line's WebSocket; without WebSockets (or when the stream cannot be opened) the widget
        // polls the same conversation instead.
        render(session, typeof window.WebSocket === 'function');
        statusLine.hidden = true;
        focusInput();
      });
  }

  function render(session, webSocket) {
    var directLine = window.WebChat.createDirectLine({
      domain: session.domain || base + '/v3/directline',
      token: session.token,
      conversationId: session.resume ? session.conversationId : undefined,
      webSocket: webSocket,
      conversationStartProperties: { locale: texts.locale }
    });
    runZeroDelayStepsAtOnce(directLine);
    if (webSocket) {
      var subscription = directLine.connectionStatus$.subscribe(function (status) {
        // 4 = FailedToConnect (DirectLineJS ConnectionStatus): a proxy that blocks WebSockets. Poll instead.
        if (status === 4) {
          subscription.unsubscribe();
          directLine.end();
          render({ domain: session.domain, token: session.token, conversationId: session.conversationId, resume: true }, false);
        }
      });
    }
    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: texts.locale,
      renderMarkdown: rememberMarkdown(window.WebChat.renderMarkdown),
      styleOptions: {
        accent: '#154273',
        // A long answer (a desk card) is read from its start: scrolling stops once the reply has arrived, instead of
        // following it to its bottom.
        autoScrollSnapOnActivity: true,
        botAvatarInitials: 'IND',
        bubbleBorderRadius: 8,
        bubbleFromUserBorderRadius: 8,
        bubbleFromUserBackground: '#e5ecf4',
        hideUploadButton: true,
        rootHeight: '100%',
        rootWidth: '100%',
        sendBoxButtonColor: '#154273',
        suggestedActionLayout: 'flow'
      }
    }, chatHost);
  }

  // DirectLineJS runs each step on rxjs' async scheduler, a timer per step: a POST leaves after two timers, which wait
  // for Web Chat to render the user's bubble and clear the send box first (20-30 ms), and every activity of a stream
  // message reaches Web Chat in a timer of its own, behind whatever else is queued. Steps without a delay run at once
  // instead, as on rxjs' queue scheduler, rebuilt here from the async scheduler DirectLineJS holds (`services` is not
  // in its typings and Web Chat's createDirectLine passes no scheduler; the bundle does not export rxjs). Steps with a
  // delay (retries, the socket's ping, the token refresh) stay timers. Another DirectLineJS keeps its own scheduler.
  function runZeroDelayStepsAtOnce(directLine) {
    var services = directLine.services;
    var async = services && services.scheduler;
    var AsyncAction = async && async.SchedulerAction;
    if (typeof AsyncAction !== 'function' || typeof async.flush !== 'function' || typeof AsyncAction.prototype._execute !== 'function') {
      return;
    }

    // rxjs 5.5's QueueAction, line for line.
    function QueueAction(scheduler, work) {
      AsyncAction.call(this, scheduler, work);
    }
    QueueAction.prototype = Object.create(AsyncAction.prototype);
    QueueAction.prototype.constructor = QueueAction;
    QueueAction.prototype.schedule = function (state, delay) {
      if (delay === undefined) {
        delay = 0;
      }
      if (delay > 0) {
        return AsyncAction.prototype.schedule.call(this, state, delay);
      }
      this.delay = delay;
      this.state = state;
      this.scheduler.flush(this);
      return this;
    };
    QueueAction.prototype.execute = function (state, delay) {
      return delay > 0 || this.closed ? AsyncAction.prototype.execute.call(this, state, delay) : this._execute(state, delay);
    };
    QueueAction.prototype.requestAsyncId = function (scheduler, id, delay) {
      if (delay === undefined) {
        delay = 0;
      }
      if ((delay !== null && delay > 0) || (delay === null && this.delay > 0)) {
        return AsyncAction.prototype.requestAsyncId.call(this, scheduler, id, delay);
      }
      return scheduler.flush(this);
    };

    // rxjs' QueueScheduler is its AsyncScheduler with QueueAction.
    services.scheduler = new async.constructor(QueueAction, async.now);
  }

  // Web Chat renders each text's Markdown to sanitized HTML several times (the bubble, the screen reader's live
  // region, every TextBlock of a card again on each re-render): a new Markdown-It, a DOMParser pass and sanitize-html
  // each time, about two thirds of it for texts already rendered. Its renderMarkdown depends only on the text and these
  // three options, so the result of a text is kept (the latest few hundred).
  function rememberMarkdown(render) {
    var kept = new Map();
    return function (markdown, options, linkOptions) {
      var key = [
        markdown,
        !!(options && options.markdownRespectCRLF),
        options ? String(options.markdownRenderHTML) : '',
        (linkOptions && linkOptions.externalLinkAlt) || ''
      ].join('\u0000');
      var html = kept.get(key);
      if (html === undefined) {
        html = render(markdown, options, linkOptions);
        if (kept.size >= 500) {
          kept.delete(kept.keys().next().value);
        }
      } else {
        kept.delete(key);
      }
      kept.set(key, html);
      return html;
    };
  }

  function init() {
    var stylesheet = el('link', { rel: 'stylesheet', href: base + '/dist/widget.css' });
    // Build after the stylesheet arrives so the button never flashes unstyled.
    stylesheet.onload = stylesheet.onerror = build;
    document.head.appendChild(stylesheet);
  }

  window.IndBotWidget = {
    open: function () { if (panel) { open(); } },
    close: function () { if (panel) { close(); } }
  };

  if (document.body) {
    init();
  } else {
    document.addEventListener('DOMContentLoaded', init);
  }
})();
