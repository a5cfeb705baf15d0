// Building the synthetic speaker set from espeak-ng voice variants.
#include "synth/speakers.h"

#include <cmath>
#include <cstdio>

#include "common/error.h"

namespace emoforget::synth {

namespace {

constexpr double kBaseWordsPerMinute = 165.0;

// (pitch step, rate factor) per speaker "slot" of one variant, most distinct first.
struct Step {
  double pitch;
  double rate;
};
const std::vector<Step>& steps() {
  static const std::vector<Step> table = {
      {0, 1.00}, {7, 1.08}, {-7, 0.93}, {7, 0.93},  {-7, 1.08},
      {0, 1.08}, {0, 0.93}, {7, 1.00},  {-7, 1.00},
  };
  return table;
}

std::string speaker_id(char gender, int number) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), number < 100 ? "%c%02d" : "%c%03d", gender, number);
  return buffer;
}

}  // namespace

const std::vector<std::string>& female_variants() {
  static const std::vector<std::string> variants = {
      "f1",    "f2",    "f3",      "f4",    "f5",    "Alicia", "Andrea",
      "Annie", "anika", "belinda", "linda", "steph", "aunty",  "grandma"};
  return variants;
}

const std::vector<std::string>& male_variants() {
  static const std::vector<std::string> variants = {
      "m1",      "m2",     "m3",      "m4",       "m5",     "m6",    "m7",     "m8",
      "Andy",    "Denis",  "Diogo",   "Henrique", "Hugo",   "Lee",   "Marco",  "antonio",
      "michel",  "miguel", "sandro",  "travis",   "victor", "klatt", "klatt2", "klatt3",
      "gustave", "john",   "norbert", "pablo",    "paul",   "pedro", "robert", "grandpa"};
  return variants;
}

int female_count(int speakers) {
  return static_cast<int>(
      std::lround(static_cast<double>(speakers) * kDemosFemale / kDemosSpeakers));
}

int max_synth_speakers() {
  const int female_cap = static_cast<int>(female_variants().size() * steps().size());
  const int male_cap = static_cast<int>(male_variants().size() * steps().size());
  int best = 0;
  for (int n = 1; n <= female_cap + male_cap; ++n) {
    const int f = female_count(n);
    if (f <= female_cap && n - f <= male_cap) best = n;
  }
  return best;
}

std::vector<SynthSpeaker> make_speakers(int speakers, uint64_t seed) {
  const int max = max_synth_speakers();
  if (speakers < 3 || speakers > max) {
    throw Error("--speakers " + std::to_string(speakers) + " is out of range: expected 3.." +
                std::to_string(max) + " (distinct espeak-ng variant x pitch x rate combinations)");
  }
  const int females = female_count(speakers);
  Rng rng(seed ^ 0x5EA4E25ULL);
  std::vector<SynthSpeaker> out;
  out.reserve(static_cast<size_t>(speakers));
  for (int i = 0; i < speakers; ++i) {
    const bool female = i < females;
    const int index = female ? i : i - females;
    const std::vector<std::string>& variants = female ? female_variants() : male_variants();
    const Step& step = steps()[static_cast<size_t>(index) / variants.size()];
    SynthSpeaker s;
    s.gender = female ? "f" : "m";
    s.id = speaker_id(female ? 'f' : 'm', index + 1);
    s.voice.variant = variants[static_cast<size_t>(index) % variants.size()];
    // Bounded offsets keep speakers of one variant apart (steps: 7 pitch units, 7-8 % rate).
    s.voice.pitch_offset = step.pitch + rng.uniform(-2.0, 2.0);
    s.voice.words_per_minute = kBaseWordsPerMinute * step.rate * rng.uniform(0.98, 1.02);
    s.voice.range_offset = rng.uniform(-8.0, 8.0);
    out.push_back(s);
  }
  return out;
}

}  // namespace emoforget::synth
