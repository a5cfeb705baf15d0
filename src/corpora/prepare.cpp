#include "corpora/prepare.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/build_info.h"
#include "common/error.h"
#include "common/stopwatch.h"
#include "corpora/corpus.h"
#include "data/manifest.h"

namespace emoforget::corpora {
namespace fs = std::filesystem;

void PrepareConfig::validate() const {
  const auto& names = corpus_names();
  if (std::find(names.begin(), names.end(), corpus) == names.end()) {
    std::string list;
    for (const std::string& name : names)
      list += (list.empty() ? "" : ", ") + name;
    throw Error("--corpus: unknown corpus '" + corpus + "'; expected one of: " + list);
  }
  if (root.empty()) throw Error("--root is required: the corpus folder");
  if (out.empty()) throw Error("--out is required: the manifest file to write");
  if (split) split->validate();
}

nlohmann::json PrepareConfig::to_json() const {
  nlohmann::json j = {{"corpus", corpus},
                      {"root", root.string()},
                      {"out", out.string()},
                      {"exclude", exclude},
                      {"split", nullptr}};
  if (split) j["split"] = {{"fractions", split->fractions}, {"seed", split->seed}};
  return j;
}

nlohmann::json prepare_manifest(const PrepareConfig& config, std::ostream& log) {
  config.validate();
  const auto start = Clock::now();
  ScanOptions options;
  options.exclude = config.exclude;
  options.manifest_dir = fs::absolute(config.out).parent_path();
  CorpusScan scan = scan_corpus(config.corpus, config.root, options);
  const std::string unmatched = describe_unmatched(scan, config.corpus, config.root);
  if (!unmatched.empty()) log << "warning: " << unmatched << "\n";
  if (scan.excluded > 0) {
    log << "left out " << scan.excluded << " file(s) labelled";
    for (const std::string& label : config.exclude)
      log << " " << label;
    log << "\n";
  }
  const double scan_seconds = seconds_since(start);

  data::Manifest& manifest = scan.manifest;
  const auto split_start = Clock::now();
  if (config.split) data::assign_speaker_splits(manifest, *config.split);
  const double split_seconds = seconds_since(split_start);
  const auto write_start = Clock::now();
  data::write_manifest(config.out, manifest);
  const double write_seconds = seconds_since(write_start);
  log << data::split_summary(manifest);

  std::map<std::string, size_t> per_emotion;
  for (const data::Utterance& u : manifest.utterances)
    ++per_emotion[u.emotion];
  nlohmann::json splits = nullptr;
  if (config.split) {
    splits = nlohmann::json::object();
    for (const std::string& name : data::kSplitNames) {
      std::map<std::string, size_t> counts;
      std::set<std::string> speakers;
      for (const data::Utterance* u : manifest.in_split(name)) {
        ++counts[u->emotion];
        speakers.insert(u->speaker);
      }
      splits[name] = {{"utterances", manifest.in_split(name).size()},
                      {"speakers", speakers.size()},
                      {"emotions", counts}};
    }
  }
  return {{"command", "prepare"},
          {"config", config.to_json()},
          {"seed", config.split ? nlohmann::json(config.split->seed) : nlohmann::json()},
          {"manifest", fs::absolute(config.out).string()},
          {"utterances", manifest.utterances.size()},
          {"speakers", manifest.speakers().size()},
          {"emotions", per_emotion},
          {"excluded_files", scan.excluded},
          {"unmatched_files", scan.unmatched.size()},
          {"splits", splits},
          {"timings",
           {{"scan_seconds", scan_seconds},
            {"split_seconds", split_seconds},
            {"write_seconds", write_seconds}}},
          {"versions", build_info()}};
}

}  // namespace emoforget::corpora
