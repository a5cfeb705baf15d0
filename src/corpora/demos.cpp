// DEMoS (Italian, elicited emotions): names like "PR_f_02_rab01b.wav" or, for the
// neutral recordings under NEU/, "NP_m_30_neu1.wav". Fields split on '_', read
// from the end: the last starts with the Italian emotion code, the one before is
// the speaker number, the one before that the gender (f/m).
#include <algorithm>
#include <map>

#include "corpora/corpus.h"
#include "corpora/name_fields.h"

namespace emoforget::corpora {

namespace {

const std::map<std::string, std::string>& emotion_codes() {
  static const std::map<std::string, std::string> codes = {
      {"col", "guilt"}, {"dis", "disgust"},  {"gio", "happiness"}, {"pau", "fear"},
      {"rab", "anger"}, {"sor", "surprise"}, {"tri", "sadness"},   {"neu", "neutral"}};
  return codes;
}

class DemosCorpus : public Corpus {
 public:
  std::string name() const override { return "demos"; }

  std::vector<std::string> labels() const override { return sorted_labels(emotion_codes()); }

  std::optional<CorpusRecord> parse(const std::string& file_name) const override {
    const std::optional<std::string> stem = wav_stem(file_name);
    if (!stem) return std::nullopt;
    const std::vector<std::string> fields = split_fields(*stem, '_');
    if (fields.size() < 3) return std::nullopt;
    const std::string& take = fields[fields.size() - 1];
    const std::string& speaker = fields[fields.size() - 2];
    const std::string& gender = fields[fields.size() - 3];
    if (take.size() < 3 || !all_digits(speaker) || (gender != "f" && gender != "m")) {
      return std::nullopt;
    }
    // Every field is a plain word: this rejects e.g. macOS "._PR_f_02_rab01b.wav".
    for (const std::string& field : fields) {
      if (field.empty()) return std::nullopt;
      for (const char c : field) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
      }
    }
    const auto code = emotion_codes().find(take.substr(0, 3));
    if (code == emotion_codes().end()) return std::nullopt;
    return CorpusRecord{speaker, code->second, gender};
  }
};

}  // namespace

std::unique_ptr<Corpus> make_demos_corpus() {
  return std::make_unique<DemosCorpus>();
}

}  // namespace emoforget::corpora
