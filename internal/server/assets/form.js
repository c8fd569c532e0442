// orgadvisor's questionnaire: show only the questions that apply.
//
// The page works without this script: each submit shows the form again
// with the questions that now apply. With it, the page asks the server
// which questions apply (POST /v1/applicable) as answers change, and
// shows or hides them at once. The browser never evaluates a rule itself.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form || !window.fetch || !window.JSON) {
    return;
  }
  var endpoint = form.getAttribute("data-applicable");
  var shown = form.querySelector('input[name="_shown"]');
  var live = document.getElementById("live");
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var asked = 0;
  var timer = null;

  // grouped is a number written with commas between its thousands, as
  // the form's messages write it: the same rule as the server's reading of
  // the form (text.Ungroup in Go). The API takes digits only.
  var grouped = /^[-+]?[0-9]{1,3}(,[0-9]{3})+$/;

  // The answers of the questions on show, as an answers object. Numbers
  // are sent as typed (the server reads "40" as 40), less the commas
  // between their thousands; an empty field is no answer.
  function answers() {
    var out = {};
    questions.forEach(function (box) {
      if (box.hidden) {
        return;
      }
      var id = box.getAttribute("data-question");
      var type = box.getAttribute("data-type");
      if (type === "int") {
        var text = box.querySelector("input").value.trim();
        if (grouped.test(text)) {
          text = text.replace(/,/g, "");
        }
        if (text !== "") {
          out[id] = text;
        }
      } else if (type === "multi") {
        out[id] = Array.prototype.map.call(box.querySelectorAll("input[type=checkbox]:checked"), function (i) {
          return i.value;
        });
      } else {
        var checked = box.querySelector("input:checked");
        if (checked) {
          out[id] = type === "bool" ? checked.value === "true" : checked.value;
        }
      }
    });
    return out;
  }

  function show(box, on) {
    box.hidden = !on;
    if (box.tagName === "FIELDSET") {
      box.disabled = !on;
    } else {
      box.querySelectorAll("input").forEach(function (i) { i.disabled = !on; });
    }
  }

  function apply(result) {
    var on = {};
    result.applicable.forEach(function (id) { on[id] = true; });
    var appeared = [];
    questions.forEach(function (box) {
      var id = box.getAttribute("data-question");
      if (!!on[id] === !box.hidden) {
        return;
      }
      if (on[id]) {
        appeared.push(box.querySelector(".prompt").textContent.replace(/\s*required\s*$/, ""));
      }
      show(box, !!on[id]);
    });
    shown.value = result.applicable.join(",");
    if (appeared.length > 0) {
      live.textContent = (appeared.length === 1 ? "A question now applies: " : "Questions now apply: ") + appeared.join("; ");
    }
  }

  // update asks which questions apply; only the latest answer counts.
  function update() {
    var mine = ++asked;
    form.setAttribute("aria-busy", "true");
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(answers()),
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result && mine === asked) {
        apply(result);
      }
    }).catch(function () {
      // Offline or refused: the server shows new questions at submit.
    }).then(function () {
      if (mine === asked) {
        form.removeAttribute("aria-busy");
      }
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    }
  });
  // Focus what needs attention after the page was shown again.
  var attention = document.getElementById("errors") || document.getElementById("new-questions");
  if (attention) {
    attention.focus();
  }
})();
