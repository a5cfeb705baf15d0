#include "lineage/history.h"

#include <cstdio>
#include <fstream>

#include "common/error.h"
#include "lineage/model_hash.h"

namespace emoforget::lineage {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxGenerations = 10000;  // a longer chain means the records loop

std::optional<nlohmann::json> read_report(const fs::path& dir) {
  const fs::path file = dir / "report.json";
  if (!fs::exists(file)) return std::nullopt;
  std::ifstream in(file);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
}

std::string hash_if_model(const fs::path& dir) {
  try {
    return model_content_hash(dir);
  } catch (const Error&) {
    return "";
  }
}

// The original's held-out figure: its test split, else the first one it scored.
void read_original_scores(const nlohmann::json& report, Generation& g) {
  if (report.contains("created") && report["created"].is_string())
    g.created = report["created"].get<std::string>();
  if (!report.contains("final") || !report["final"].is_object() || report["final"].empty()) return;
  const nlohmann::json& final_scores = report["final"];
  const std::string split = final_scores.contains("test") ? "test" : final_scores.begin().key();
  if (final_scores[split].contains("uar") && final_scores[split]["uar"].is_number()) {
    g.held_out_split = split;
    g.held_out_uar = final_scores[split]["uar"].get<double>();
  }
}

std::string number_text(const std::optional<double>& value) {
  if (!value) return "-";
  char text[16];
  std::snprintf(text, sizeof text, "%.3f", *value);
  return text;
}

}  // namespace

std::vector<Generation> read_history(const fs::path& model) {
  std::optional<nlohmann::json> report = read_report(model);
  if (!report) throw Error(model.string() + ": no report.json (not a model emoforget wrote)");
  std::vector<Generation> newest_first;
  Generation current;
  current.dir = model;
  current.found = true;
  current.hash = hash_if_model(model);
  // The records the chain falls back on once a parent folder is gone.
  std::vector<RequestRecord> remembered;
  bool from_records = false;
  for (int depth = 0; depth < kMaxGenerations; ++depth) {
    std::optional<Lineage> lineage;
    if (!from_records && report)
      lineage = lineage_of(*report, (current.dir / "report.json").string());
    if (lineage) {
      current.request = lineage->requests.back();
      if (current.recorded_hash.empty()) current.recorded_hash = lineage->model_hash;
      if (current.found && current.hash != lineage->model_hash)
        current.problems.push_back(
            "its weights or config differ from the hash its own report "
            "recorded (" +
            lineage->model_hash + ")");
      remembered = lineage->requests;
      remembered.pop_back();
      Generation parent;
      parent.dir = lineage->parent;
      parent.recorded_hash = lineage->parent_hash;
      parent.found = fs::exists(parent.dir / "config.json");
      if (parent.found) {
        parent.hash = hash_if_model(parent.dir);
        if (parent.hash != parent.recorded_hash)
          parent.problems.push_back("the model at " + parent.dir.string() +
                                    " does not match the hash its child recorded (" +
                                    parent.recorded_hash + "): it was altered or replaced");
        report = parent.problems.empty() ? read_report(parent.dir) : std::nullopt;
      }
      if (!parent.found || !parent.problems.empty()) from_records = true;
      if (!parent.found) parent.problems.push_back("not found at " + parent.dir.string());
      newest_first.push_back(std::move(current));
      current = std::move(parent);
      continue;
    }
    if (from_records && !remembered.empty()) {
      // Listed from the records: the request that produced this missing generation.
      current.request = remembered.back();
      remembered.pop_back();
      Generation parent;
      parent.recorded_hash = current.request->parent_hash;
      newest_first.push_back(std::move(current));
      current = std::move(parent);
      continue;
    }
    if (report && !from_records) read_original_scores(*report, current);
    newest_first.push_back(std::move(current));
    return {newest_first.rbegin(), newest_first.rend()};
  }
  throw Error(model.string() + ": the lineage records loop (more than " +
              std::to_string(kMaxGenerations) + " generations)");
}

std::string history_text(const std::vector<Generation>& chain) {
  std::string text;
  char line[512];
  std::snprintf(line, sizeof line, "%-3s %-17s %-20s %-10s %5s %10s %9s  %s\n", "#", "request",
                "date", "method", "N", "forget UAR", "held-out", "model");
  text += line;
  int problems = 0;
  for (size_t i = 0; i < chain.size(); ++i) {
    const Generation& g = chain[i];
    const std::string hash = g.found ? g.hash : g.recorded_hash;
    const std::string shown = hash.size() > 19 ? hash.substr(0, 19) : hash;
    const std::string where = g.dir.empty() ? "(folder unknown)" : g.dir.string();
    if (g.request) {
      const RequestRecord& r = *g.request;
      std::snprintf(line, sizeof line, "%-3zu %-17s %-20s %-10s %5lld %10s %9s  %s %s\n", i,
                    r.id.c_str(), r.created.c_str(), r.method.c_str(), static_cast<long long>(r.n),
                    number_text(r.forget_uar).c_str(), number_text(r.held_out_uar).c_str(),
                    shown.c_str(), where.c_str());
    } else {
      std::snprintf(line, sizeof line, "%-3zu %-17s %-20s %-10s %5s %10s %9s  %s %s\n", i,
                    "original", g.created.empty() ? "-" : g.created.c_str(), "finetune", "-", "-",
                    number_text(g.held_out_uar).c_str(), shown.c_str(), where.c_str());
    }
    text += line;
    for (const std::string& p : g.problems) {
      text += "    ! " + p + "\n";
      ++problems;
    }
  }
  text += problems == 0 ? "every recorded hash matches\n"
                        : std::to_string(problems) + " problem(s) in the chain\n";
  return text;
}

nlohmann::json history_json(const std::vector<Generation>& chain) {
  nlohmann::json generations = nlohmann::json::array();
  bool intact = true;
  for (const Generation& g : chain) {
    nlohmann::json j = {{"dir", g.dir.string()},
                        {"found", g.found},
                        {"hash", g.hash},
                        {"recorded_hash", g.recorded_hash},
                        {"problems", g.problems}};
    if (g.request) {
      j["request"] = g.request->to_json();
    } else {
      j["original"] = {{"created", g.created},
                       {"held_out_split", g.held_out_split},
                       {"held_out_uar", g.held_out_uar ? nlohmann::json(*g.held_out_uar)
                                                       : nlohmann::json(nullptr)}};
    }
    intact = intact && g.intact();
    generations.push_back(j);
  }
  return {{"command", "history"}, {"intact", intact}, {"generations", generations}};
}

}  // namespace emoforget::lineage
