// Corpus folder -> manifest CSV (what `emoforget prepare` runs): scan a corpus,
// leave out excluded labels, optionally assign a speaker-independent split,
// write the manifest atomically and return the JSON report.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "data/split.h"

namespace emoforget::corpora {

struct PrepareConfig {
  std::string corpus;                      // one of corpus_names()
  std::filesystem::path root;              // folder the corpus was unpacked to
  std::filesystem::path out;               // manifest CSV to write
  std::vector<std::string> exclude;        // labels left out, e.g. {"neutral"}
  std::optional<data::SplitConfig> split;  // nullopt: the split column is left empty

  // Names the bad field and value: corpus, root, out, split fractions.
  void validate() const;
  nlohmann::json to_json() const;
};

// Runs the preparation; notes for people (unmatched files, excluded count, the
// split table) go to `log`. Nothing is written when it throws.
nlohmann::json prepare_manifest(const PrepareConfig& config, std::ostream& log);

}  // namespace emoforget::corpora
