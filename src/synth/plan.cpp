// Drawing the synthetic corpus plan (see plan.h).
#include "synth/plan.h"

#include <cstdio>
#include <numeric>

#include "common/error.h"

namespace emoforget::synth {

std::vector<SynthUtterancePlan> plan_corpus(const std::vector<SynthSpeaker>& speakers,
                                            const std::vector<std::string>& sentences,
                                            int per_class, uint64_t seed) {
  if (per_class < 1) {
    throw Error("--per-class " + std::to_string(per_class) + " must be at least 1");
  }
  if (sentences.empty()) throw Error("the sentence list is empty");
  const std::vector<std::string>& emotions = synth_emotions();
  Rng master(seed ^ 0x9E3779B97F4A7C15ULL);
  std::vector<SynthUtterancePlan> plan;
  plan.reserve(speakers.size() * emotions.size() * static_cast<size_t>(per_class));
  for (size_t s = 0; s < speakers.size(); ++s) {
    const SynthSpeaker& speaker = speakers[s];
    Rng rng = master.fork(s);
    for (const std::string& emotion : emotions) {
      const ClassProsody& row = class_prosody(emotion);
      std::vector<int> order(sentences.size());
      std::iota(order.begin(), order.end(), 0);
      rng.shuffle(order);
      for (int k = 0; k < per_class; ++k) {
        SynthUtterancePlan u;
        char number[16];
        std::snprintf(number, sizeof(number), per_class <= 100 ? "%02d" : "%03d", k);
        u.utt_id = speaker.id + "_" + emotion + "_" + number;
        u.path = "wav/" + speaker.id + "/" + u.utt_id + ".wav";
        u.speaker = speaker.id;
        u.gender = speaker.gender;
        u.emotion = emotion;
        u.sentence_id = order[static_cast<size_t>(k) % order.size()];
        u.variant = speaker.voice.variant;
        u.prosody = draw_prosody(row, speaker.voice, rng);
        u.text = sentences[static_cast<size_t>(u.sentence_id)] + u.prosody.final_punct;
        u.noise_seed = rng.next_u64();
        plan.push_back(std::move(u));
      }
    }
  }
  return plan;
}

}  // namespace emoforget::synth
