#include "faults/fault_fixture.h"

#include <algorithm>
#include <random>

#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "model/checkpoint.h"
#include "support/mini_model.h"
#include "support/tone_corpus.h"

namespace emoforget::testing {
namespace fs = std::filesystem;

FaultCorpus::FaultCorpus() {
  ToneCorpusSpec spec;
  spec.per_speaker_class = 3;
  manifest = write_tone_corpus(dir / "corpus", spec);
  init = write_mini_model(dir / "init", tone_labels(spec.classes));
}

std::map<std::string, std::string> file_digests(const fs::path& dir) {
  std::map<std::string, std::string> digests;
  if (fs::is_regular_file(dir)) {
    digests[""] = sha256_hex(read_text(dir));
    return digests;
  }
  if (!fs::exists(dir)) return digests;
  for (const std::string& name : list_files(dir))
    digests[name] = sha256_hex(read_text(dir / name));
  return digests;
}

bool complete_model_dir(const fs::path& dir) {
  if (!fs::is_regular_file(dir / "config.json") || !fs::is_regular_file(dir / "report.json") ||
      !fs::is_regular_file(dir / "model.safetensors")) {
    return false;
  }
  try {
    if (!nlohmann::json::parse(read_text(dir / "report.json")).is_object()) return false;
    model::load_model(dir);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

std::vector<std::string> leftovers(const fs::path& parent) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(parent)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] != '.') continue;
    if (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos ||
        (name.size() > 5 && name.compare(name.size() - 5, 5, ".lock") == 0)) {
      found.push_back(name);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<double> kill_moments(uint32_t seed, int count, double seconds) {
  std::mt19937 engine(seed);
  // A rerun can end sooner than the timed run (the timed one may have shared the cores),
  // so the moments stop at nine tenths of it.
  std::uniform_real_distribution<double> moment(0.02 * seconds, 0.9 * seconds);
  std::vector<double> moments;
  for (int i = 0; i < count; ++i)
    moments.push_back(moment(engine));
  return moments;
}

bool same_bytes(const fs::path& a, const fs::path& b) {
  return read_text(a) == read_text(b);
}

}  // namespace emoforget::testing
