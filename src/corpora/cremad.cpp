// CREMA-D: names like "1001_DFA_ANG_XX.wav": actor (4 digits), sentence (3
// capitals), emotion code, intensity (LO, MD, HI or XX). Genders are not in the
// names; they come from VideoDemographics.csv (cremad_demographics.h) when the
// corpus folder holds it, and stay empty otherwise or for actors it lacks.
#include <cctype>
#include <map>
#include <utility>

#include "corpora/corpus.h"
#include "corpora/cremad_demographics.h"
#include "corpora/name_fields.h"

namespace emoforget::corpora {
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string>& emotion_codes() {
  static const std::map<std::string, std::string> codes = {{"ANG", "anger"},   {"DIS", "disgust"},
                                                           {"FEA", "fear"},    {"HAP", "happy"},
                                                           {"NEU", "neutral"}, {"SAD", "sad"}};
  return codes;
}

class CremadCorpus : public Corpus {
 public:
  explicit CremadCorpus(std::map<std::string, std::string> genders)
      : genders_(std::move(genders)) {}

  std::string name() const override { return "cremad"; }

  std::vector<std::string> labels() const override { return sorted_labels(emotion_codes()); }

  std::optional<CorpusRecord> parse(const std::string& file_name) const override {
    const std::optional<std::string> stem = wav_stem(file_name);
    if (!stem) return std::nullopt;
    const std::vector<std::string> f = split_fields(*stem, '_');
    if (f.size() != 4 || f[0].size() != 4 || !all_digits(f[0]) || f[1].size() != 3) {
      return std::nullopt;
    }
    for (const char c : f[1]) {
      if (!std::isupper(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (f[3] != "LO" && f[3] != "MD" && f[3] != "HI" && f[3] != "XX") return std::nullopt;
    const auto code = emotion_codes().find(f[2]);
    if (code == emotion_codes().end()) return std::nullopt;
    const auto gender = genders_.find(f[0]);
    return CorpusRecord{f[0], code->second, gender == genders_.end() ? "" : gender->second};
  }

 private:
  std::map<std::string, std::string> genders_;
};

}  // namespace

std::unique_ptr<Corpus> make_cremad_corpus(const std::optional<fs::path>& demographics) {
  return std::make_unique<CremadCorpus>(demographics ? read_cremad_demographics(*demographics)
                                                     : std::map<std::string, std::string>{});
}

}  // namespace emoforget::corpora
