// libFuzzer entry for the corpus file-name parsers (Corpus::parse of DEMoS, EmoDB,
// RAVDESS and CREMA-D): any name must parse or be refused (nullopt) without throwing;
// a parsed name has a speaker, one of the corpus's labels and a gender of "", "f" or "m".
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpora/corpus.h"

namespace {

const std::vector<std::unique_ptr<emoforget::corpora::Corpus>>& corpora() {
  static const auto* list = [] {
    auto* out = new std::vector<std::unique_ptr<emoforget::corpora::Corpus>>();
    out->push_back(emoforget::corpora::make_demos_corpus());
    out->push_back(emoforget::corpora::make_emodb_corpus());
    out->push_back(emoforget::corpora::make_ravdess_corpus());
    out->push_back(emoforget::corpora::make_cremad_corpus(std::nullopt));
    return out;
  }();
  return *list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  for (const auto& corpus : corpora()) {
    const auto record = corpus->parse(name);
    if (!record) continue;
    const std::vector<std::string> labels = corpus->labels();
    if (record->speaker.empty()) std::abort();
    if (std::find(labels.begin(), labels.end(), record->emotion) == labels.end()) std::abort();
    if (record->gender != "" && record->gender != "f" && record->gender != "m") std::abort();
  }
  return 0;
}
