//! The report's self-check, run by the browser that opens it, and the same
//! rules read off the HTML text for tests without a browser.
//!
//! In the browser, a small inline script (the report's only one) records
//! script errors, `console.error` calls and anything the page's
//! Content-Security-Policy blocked (the policy allows no network, no
//! external file: a report that tried to load one is caught), then checks
//! every chart: the page has as many `figure.chart` as the report wrote
//! (`data-charts` on `<main>`), each holds one laid-out SVG with at least
//! its `data-marks` data circles (see [`super::chart`]). The verdict goes
//! into the DOM — `data-check="ok"` on `<body>`, or the problems — where
//! `chromium --headless --dump-dom` can read it (`.ci/report-check`), and
//! into the page's header for a reader.

/// The page's Content-Security-Policy: nothing from outside the file.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// The self-check script (see the module doc). It runs in `<head>`, so
/// its listeners are in place before anything else in the page runs or
/// loads, and checks the charts once the document is parsed.
pub const SCRIPT: &str = r#"(function () {
  var problems = [];
  var parsed = false;
  function show() {
    if (!parsed) return;
    var verdict = problems.length ? problems.join(' | ') : 'ok';
    document.body.setAttribute('data-check', verdict);
    var el = document.getElementById('self-check');
    if (el) { el.textContent = verdict; el.className = problems.length ? 'bad' : 'ok'; }
  }
  function note(p) { problems.push(p); show(); }
  window.addEventListener('error', function (e) { note('script error: ' + e.message); });
  document.addEventListener('securitypolicyviolation', function (e) {
    note('blocked: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    note('console error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener('DOMContentLoaded', function () {
    parsed = true;
    var main = document.querySelector('main');
    var written = main ? Number(main.getAttribute('data-charts')) : NaN;
    var figures = document.querySelectorAll('figure.chart');
    if (figures.length !== written) {
      note('charts missing: ' + figures.length + ' in the page, ' + written + ' written');
    }
    for (var i = 0; i < figures.length; i++) {
      var f = figures[i];
      var name = f.getAttribute('data-chart') || ('chart ' + (i + 1));
      var svgs = f.querySelectorAll('svg');
      if (svgs.length !== 1) { note(name + ': ' + svgs.length + ' SVG instead of 1'); continue; }
      var box = svgs[0].getBoundingClientRect();
      if (!(box.width > 0 && box.height > 0)) note(name + ': not laid out');
      var marks = svgs[0].querySelectorAll('circle').length;
      var need = Math.max(1, Number(f.getAttribute('data-marks')) || 0);
      if (!(marks >= need)) note(name + ': empty (' + marks + ' of ' + need + ' data points drawn)');
    }
    show();
  });
})();"#;

/// What the self-check would report for `html`, read off the text: charts
/// missing (fewer `figure.chart` than `data-charts` says), charts without
/// exactly one SVG or with fewer data circles than their `data-marks`
/// (or none), and anything that would reach outside the file. Empty for a
/// sound report. Script errors need a browser: `.ci/report-check`.
pub fn problems(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let written: Option<usize> =
        attribute(html, "<main", "data-charts").and_then(|v| v.parse().ok());
    let figures: Vec<&str> = html
        .split("<figure class=\"chart\"")
        .skip(1)
        .map(|rest| rest.split("</figure>").next().unwrap_or(rest))
        .collect();
    if written != Some(figures.len()) {
        out.push(format!(
            "charts missing: {} in the page, {written:?} written",
            figures.len()
        ));
    }
    for (i, f) in figures.iter().enumerate() {
        let name = attribute(f, "", "data-chart").unwrap_or_else(|| format!("chart {}", i + 1));
        let svgs = f.matches("<svg").count();
        if svgs != 1 {
            out.push(format!("{name}: {svgs} SVG instead of 1"));
            continue;
        }
        let need: usize = attribute(f, "", "data-marks")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
            .max(1);
        let marks = f.matches("<circle").count();
        if marks < need {
            out.push(format!(
                "{name}: empty ({marks} of {need} data points drawn)"
            ));
        }
    }
    for outside in ["http://", "https://", "<link", "@import", "src=", "url("] {
        if html.contains(outside) {
            out.push(format!("reaches outside the file: `{outside}`"));
        }
    }
    out
}

/// The value of attribute `name` in the first tag that starts with `tag`
/// (`""`: the text's first tag).
fn attribute(text: &str, tag: &str, name: &str) -> Option<String> {
    let from = text.find(tag)?;
    let rest = &text[from..];
    let end = rest.find('>')?;
    let head = &rest[..end];
    let key = format!(" {name}=\"");
    let at = head.find(&key)? + key.len();
    let value = &head[at..];
    Some(value[..value.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"<main data-charts="2"><figure class="chart" data-chart="a" data-marks="2"><svg><circle/><circle/></svg></figure><figure class="chart" data-chart="b" data-marks="1"><svg><circle/></svg></figure></main>"#;

    #[test]
    fn a_sound_page_has_no_problems_and_each_breakage_is_seen() {
        assert!(problems(GOOD).is_empty(), "{:?}", problems(GOOD));
        let emptied = GOOD.replacen("<circle/><circle/>", "", 1);
        assert_eq!(problems(&emptied), ["a: empty (0 of 2 data points drawn)"]);
        let half = GOOD.replacen("<circle/><circle/>", "<circle/>", 1);
        assert_eq!(problems(&half), ["a: empty (1 of 2 data points drawn)"]);
        let missing = GOOD.replace(r#"data-charts="2""#, r#"data-charts="3""#);
        assert_eq!(problems(&missing).len(), 1);
        let no_svg = GOOD.replacen("<svg><circle/></svg>", "", 1);
        assert_eq!(problems(&no_svg), ["b: 0 SVG instead of 1"]);
        let zero = GOOD.replacen(
            r#"data-marks="1"><svg><circle/>"#,
            r#"data-marks="0"><svg>"#,
            1,
        );
        assert_eq!(problems(&zero), ["b: empty (0 of 1 data points drawn)"]);
        let linked = format!("{GOOD}<link rel=x>");
        assert_eq!(problems(&linked), ["reaches outside the file: `<link`"]);
    }
}
