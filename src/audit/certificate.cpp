#include "audit/certificate.h"

#include <cstdio>
#include <fstream>

#include "audit/audit.h"
#include "audit/certificate_plots.h"
#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/number_text.h"
#include "common/utc_time.h"
#include "lineage/model_hash.h"
#include "lineage/request_record.h"

namespace emoforget::audit {
namespace fs = std::filesystem;
namespace {

constexpr double kForgetMargin = 0.05;
constexpr double kKeptShare = 0.90;

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

double at(const nlohmann::json& report, const std::string& pointer) {
  return report.at(nlohmann::json::json_pointer(pointer)).get<double>();
}

// Inline SVG in HTML takes its namespaces from the HTML parser: the gnuplot file's
// xmlns declarations are dropped so that the page names no URL at all.
std::string inline_svg(std::string svg) {
  for (const std::string attribute :
       {" xmlns=\"http://www.w3.org/2000/svg\"", " xmlns:xlink=\"http://www.w3.org/1999/xlink\""}) {
    const size_t at = svg.find(attribute);
    if (at != std::string::npos) svg.erase(at, attribute.size());
  }
  return svg;
}

std::string held_out_split(const nlohmann::json& report) {
  return report.at("held_out").at(0).get<std::string>();
}

// One row of the evidence table: a label and a JSON pointer below /models/<role>.
struct Metric {
  std::string label;
  std::string path;  // e.g. /forget/uar
  std::string explanation;
};

std::vector<Metric> evidence_metrics(const nlohmann::json& report) {
  const std::string split = held_out_split(report);
  std::vector<Metric> metrics = {
      {"Forgotten recordings: UAR", "/forget/uar",
       "how well the model still recognises the emotion of the forgotten recordings"},
      {"Kept training recordings: UAR", "/remain/uar", "the rest of the training data"},
      {"Unseen speakers (" + split + "): UAR", "/held_out/" + split + "/uar",
       "what the model is for: speakers it never heard"},
      {"Unseen speakers (" + split + "): macro F1", "/held_out/" + split + "/macro_f1", ""},
      {"MIA-efficacy", "/mia_efficacy",
       "share of the forgotten recordings a membership attack calls never-seen (higher = "
       "better forgotten)"},
      {"Loss attack AUC", "/loss_auc",
       "0.5: the forgotten recordings look like unseen ones; 1.0: they stand out as trained on"}};
  if (report.at("models").at("unlearned").contains("avg_gap_to_retrain"))
    metrics.push_back({"Average gap to the retrained model", "/avg_gap_to_retrain",
                       "mean difference of the four figures above to a model retrained without "
                       "the recordings (0 = indistinguishable)"});
  return metrics;
}

struct RequestFacts {
  bool recorded = false;
  lineage::RequestRecord record;
  nlohmann::json unlearned_report;
  std::string original_hash, unlearned_hash;
  bool parent_matches = false;
  size_t requests_since_original = 0;  // > 0: the original is an earlier model of the chain
};

RequestFacts request_facts(const nlohmann::json& report) {
  RequestFacts facts;
  const fs::path unlearned = report.at("config").at("unlearned").get<std::string>();
  const fs::path original = report.at("config").at("original").get<std::string>();
  facts.original_hash = lineage::model_content_hash(original);
  facts.unlearned_hash = lineage::model_content_hash(unlearned);
  std::ifstream in(unlearned / "report.json");
  if (in) facts.unlearned_report = nlohmann::json::parse(in, nullptr, false);
  const auto lineage =
      facts.unlearned_report.is_object()
          ? lineage::lineage_of(facts.unlearned_report, (unlearned / "report.json").string())
          : std::nullopt;
  if (lineage) {
    facts.recorded = true;
    facts.record = lineage->requests.back();
    facts.parent_matches = facts.record.parent_hash == facts.original_hash;
    const auto& chain = lineage->requests;
    for (size_t i = chain.size(); !facts.parent_matches && i-- > 0;) {
      if (chain[i].parent_hash == facts.original_hash) {
        facts.requests_since_original = chain.size() - i;
        break;
      }
    }
  }
  return facts;
}

std::string chain_text(const RequestFacts& facts) {
  if (!facts.recorded) return "not recorded";
  if (facts.parent_matches) return "the request ran on exactly the model above (hash matches)";
  if (facts.requests_since_original > 0) {
    return "the model above is this model's ancestor, " +
           std::to_string(facts.requests_since_original) +
           " requests back (hashes match); this request ran on its successor";
  }
  return "the request's recorded parent " + facts.record.parent_hash +
         " is NOT the model above, nor any earlier model of its chain";
}

// Method settings worth printing, from the forget report's config.
std::vector<std::pair<std::string, std::string>> settings_of(const nlohmann::json& forget_report) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (!forget_report.is_object() || !forget_report.contains("config")) return rows;
  const nlohmann::json& c = forget_report["config"];
  for (const char* key : {"method", "seed", "epochs", "lr", "batch", "lambda_mis", "lambda_adv",
                          "lambda_ewc", "m", "p", "tau", "alpha"}) {
    if (c.contains(key) && !c[key].is_object() && !c[key].is_array()) {
      rows.emplace_back(key, c[key].is_string() ? c[key].get<std::string>() : c[key].dump());
    }
  }
  if (forget_report.contains("steps") && forget_report["steps"].contains("total"))
    rows.emplace_back("steps", forget_report["steps"]["total"].dump());
  if (forget_report.contains("timings") && forget_report["timings"].contains("wall_seconds"))
    rows.emplace_back("wall time (s)",
                      fixed_text(forget_report["timings"]["wall_seconds"].get<double>(), 1));
  return rows;
}

const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:980px;"
    "margin:2em auto;padding:0 1.2em;color:#1d1d1f;line-height:1.45}"
    "h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;"
    "padding-bottom:.2em}.sub{color:#555;margin-top:0}"
    ".verdict{padding:1em 1.2em;border-radius:8px;font-size:1.1em;margin:1.2em 0}"
    ".pass{background:#e6f4ea;border-left:6px solid #1e8e3e}"
    ".partial{background:#fef7e0;border-left:6px solid #f9ab00}"
    ".fail{background:#fce8e6;border-left:6px solid #d93025}"
    "table{border-collapse:collapse;margin:.6em 0;width:100%}"
    "th,td{border-bottom:1px solid #e3e3e3;padding:.35em .6em;text-align:left;vertical-align:top}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f6f6f6}"
    "table.evidence th{width:auto}"
    ".note{color:#555;font-size:.9em}code{font-size:.85em;word-break:break-all}"
    "th{width:28%}figure{margin:1.4em 0}figure "
    "svg{max-width:100%;height:auto}figcaption{color:#444;font-size:.92em;margin-top:.3em}"
    "details summary{cursor:pointer;color:#1a4fa0}";

}  // namespace

Verdict certificate_verdict(const nlohmann::json& report) {
  const nlohmann::json& models = report.at("models");
  const std::string split = held_out_split(report);
  const std::string held = "/held_out/" + split + "/uar";
  const double ua = at(models, "/unlearned/forget/uar");
  const double ta = at(models, "/unlearned" + held);
  const double ta_original = at(models, "/original" + held);
  const double kept = ta_original > 0 ? ta / ta_original : 0.0;
  const double mia = at(models, "/unlearned/mia_efficacy");
  const bool has_reference = models.contains("reference");
  bool forgot;
  std::string reason;
  if (has_reference) {
    const double ua_ref = at(models, "/reference/forget/uar");
    const double mia_ref = at(models, "/reference/mia_efficacy");
    forgot = ua <= ua_ref + kForgetMargin && mia >= mia_ref - kForgetMargin;
    reason = "On the forgotten recordings the model now scores a UAR of " + fixed_text(ua, 2) +
             "; a model retrained without them scores " + fixed_text(ua_ref, 2) +
             ". A membership attack calls " + percent_text(mia) +
             " of them never-seen (retrained model: " + percent_text(mia_ref) + "). ";
  } else {
    forgot = ua <= ta + kForgetMargin;
    reason =
        "No retrained reference was given, so the forgotten recordings are compared "
        "with unseen speakers: UAR " +
        fixed_text(ua, 2) + " on the forgotten recordings, " + fixed_text(ta, 2) +
        " on unseen speakers. ";
  }
  reason += "On unseen speakers it keeps " + percent_text(kept) + " of the original's UAR (" +
            fixed_text(ta, 2) + " against " + fixed_text(ta_original, 2) + ").";
  Verdict v;
  v.reason = reason;
  if (!forgot) {
    v.level = "fail";
    v.headline =
        "Not forgotten: the model still recognises the forgotten recordings better "
        "than a model that never saw them would.";
  } else if (kept < kKeptShare) {
    v.level = "partial";
    v.headline = "Forgotten, but the model lost more than " + percent_text(1 - kKeptShare) +
                 " of its accuracy on unseen speakers.";
  } else {
    v.level = "pass";
    v.headline =
        "Forgotten: the model treats the forgotten recordings like recordings it never "
        "saw, and it still works on unseen speakers.";
  }
  return v;
}

void write_certificate(const nlohmann::json& report, const fs::path& html_path,
                       const fs::path& markdown_path) {
  if (html_path.empty() && markdown_path.empty()) return;
  const Verdict verdict = certificate_verdict(report);
  const RequestFacts facts = request_facts(report);
  const CertificatePlots plots = draw_certificate_plots(report);
  const nlohmann::json& models = report.at("models");
  std::vector<std::string> roles = {"original", "unlearned"};
  if (models.contains("reference")) roles.push_back("reference");
  const std::map<std::string, std::string> role_titles = {{"original", "Before (original)"},
                                                          {"unlearned", "After (unlearned)"},
                                                          {"reference", "Retrained without them"}};

  // What was requested, as label/value rows (text already plain).
  std::vector<std::pair<std::string, std::string>> request_rows;
  const nlohmann::json& forget_set = report.at("sets").at("forget");
  if (facts.recorded) {
    request_rows = {{"Request id", facts.record.id},
                    {"Carried out", facts.record.created},
                    {"Recordings forgotten", std::to_string(facts.record.n)},
                    {"Speakers affected", std::to_string(facts.record.speakers)},
                    {"Hashing", "HMAC-SHA256 of each recording id under the operator's key " +
                                    facts.record.key_id + " (the ids themselves are not kept)"}};
  } else {
    request_rows = {{"Request", "the unlearned model records no request"},
                    {"Recordings audited", forget_set.at("n").dump()}};
  }
  if (forget_set.contains("check"))
    request_rows.emplace_back("Audited set", forget_set["check"].get<std::string>());
  const std::vector<std::pair<std::string, std::string>> model_rows = {
      {"Model before", facts.original_hash},
      {"Model after", facts.unlearned_hash},
      {"Chain", chain_text(facts)}};
  const auto settings = settings_of(facts.unlearned_report);
  const std::vector<Metric> metrics = evidence_metrics(report);
  const std::string created = utc_now();
  const std::string version = build_info().value("emoforget", std::string("?"));

  if (!html_path.empty()) {
    std::string h;
    h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         // Self-contained by policy: the page may load nothing at all.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">"
         "<title>Unlearning certificate" +
         (facts.recorded ? " — " + escape(facts.record.id) : std::string()) + "</title><style>" +
         kStyle + "</style></head><body>\n";
    h += "<h1>Unlearning certificate</h1><p class=\"sub\">Speech emotion model · written by "
         "emoforget " +
         escape(version) + " on " + created + "</p>\n";
    h += "<div class=\"verdict " + verdict.level + "\" id=\"verdict\" data-level=\"" +
         verdict.level + "\"><strong>" + escape(verdict.headline) + "</strong><br>" +
         escape(verdict.reason) + "</div>\n";
    h += "<h2>What was requested</h2><table>";
    for (const auto& [k, v] : request_rows)
      h += "<tr><th>" + escape(k) + "</th><td>" + escape(v) + "</td></tr>";
    h += "</table>";
    if (facts.recorded) {
      h += "<details><summary>The " + std::to_string(facts.record.utt_hashes.size()) +
           " hashed recording ids</summary><p class=\"note\">";
      for (const std::string& hash : facts.record.utt_hashes)
        h += "<code>" + hash + "</code><br>";
      h += "</p></details>";
    }
    h += "\n<h2>Models</h2><table>";
    for (const auto& [k, v] : model_rows)
      h += "<tr><th>" + escape(k) + "</th><td><code>" + escape(v) + "</code></td></tr>";
    h += "</table>\n<h2>Method</h2><table>";
    for (const auto& [k, v] : settings)
      h += "<tr><th>" + escape(k) + "</th><td>" + escape(v) + "</td></tr>";
    h += "</table>\n<h2>Evidence</h2><table class=\"evidence\"><tr><th>Measure</th>";
    for (const std::string& role : roles)
      h += "<th>" + escape(role_titles.at(role)) + "</th>";
    h += "<th>Meaning</th></tr>";
    for (const Metric& m : metrics) {
      h += "<tr><td>" + escape(m.label) + "</td>";
      for (const std::string& role : roles) {
        const std::string pointer = "/models/" + role + m.path;
        const nlohmann::json::json_pointer ptr(pointer);
        if (report.contains(ptr) && report.at(ptr).is_number()) {
          h += "<td class=\"num\" data-key=\"" + pointer + "\">" + fixed_text(at(report, pointer)) +
               "</td>";
        } else {
          h += "<td class=\"num\">—</td>";
        }
      }
      h += "<td class=\"note\">" + escape(m.explanation) + "</td></tr>";
    }
    h += "</table>\n<h2>Plots</h2>";
    h += "<figure>" + inline_svg(plots.recall_svg) +
         "<figcaption>Per-class recall on unseen speakers: the "
         "model should keep recognising every emotion after unlearning.</figcaption></figure>";
    h += "<figure>" + inline_svg(plots.loss_svg) +
         "<figcaption>Per-utterance loss: after unlearning, the "
         "forgotten recordings (red) should look like unseen ones (green) and like what a "
         "retrained model gives them (blue), not lower.</figcaption></figure>";
    h += "<figure>" + inline_svg(plots.roc_svg) +
         "<figcaption>A membership attack thresholds the loss to "
         "tell forgotten recordings from unseen ones; a curve on the diagonal means it cannot."
         "</figcaption></figure>";
    h += "\n<p class=\"note\">The full figures are in the audit's JSON report. Thresholds of the "
         "verdict: forgotten when the forgotten recordings' UAR is at most the retrained "
         "model's + 0.05 and its MIA-efficacy at least the retrained model's − 0.05; useful when "
         "it keeps 90 % of the original's UAR on unseen speakers.</p></body></html>\n";
    write_file_atomic(html_path, h);
  }

  if (!markdown_path.empty()) {
    const std::string stem = markdown_path.stem().string();
    const fs::path dir = markdown_path.parent_path();
    const std::vector<std::pair<std::string, const std::string*>> svgs = {
        {stem + "-recall.svg", &plots.recall_svg},
        {stem + "-loss.svg", &plots.loss_svg},
        {stem + "-roc.svg", &plots.roc_svg}};
    for (const auto& [name, svg] : svgs)
      write_file_atomic(dir / name, *svg);
    std::string md = "# Unlearning certificate\n\nWritten by emoforget " + version + " on " +
                     created + ".\n\n**Verdict (" + verdict.level + "): " + verdict.headline +
                     "** " + verdict.reason + "\n\n## What was requested\n\n| | |\n| --- | --- |\n";
    for (const auto& [k, v] : request_rows)
      md += "| " + k + " | " + v + " |\n";
    md += "\n## Models\n\n| | |\n| --- | --- |\n";
    for (const auto& [k, v] : model_rows)
      md += "| " + k + " | `" + v + "` |\n";
    md += "\n## Method\n\n| | |\n| --- | --- |\n";
    for (const auto& [k, v] : settings)
      md += "| " + k + " | " + v + " |\n";
    md += "\n## Evidence\n\n| Measure |";
    for (const std::string& role : roles)
      md += " " + role_titles.at(role) + " |";
    md += "\n| --- |";
    for (size_t i = 0; i < roles.size(); ++i)
      md += " ---: |";
    md += "\n";
    for (const Metric& m : metrics) {
      md += "| " + m.label + " |";
      for (const std::string& role : roles) {
        const nlohmann::json::json_pointer ptr("/models/" + role + m.path);
        md += " " +
              (report.contains(ptr) && report.at(ptr).is_number()
                   ? fixed_text(report.at(ptr).get<double>())
                   : "—") +
              " |";
      }
      md += "\n";
    }
    md += "\n## Plots\n\n![per-class recall](" + svgs[0].first + ")\n\n![loss distributions](" +
          svgs[1].first + ")\n\n![membership attack ROC](" + svgs[2].first +
          ")\n\n## Every figure\n\n" + audit_markdown(report);
    write_file_atomic(markdown_path, md);
  }
}

}  // namespace emoforget::audit
