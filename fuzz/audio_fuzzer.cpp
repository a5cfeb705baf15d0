// libFuzzer entry for audio decoding through the project's loader (read_audio_memory:
// libsndfile's virtual I/O and the checks read_audio applies to files): any input must
// decode or throw emoforget::Error; a decoded waveform has a positive rate and at least
// one sample, all finite.
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "audio/read_audio.h"
#include "common/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto wave = emoforget::audio::read_audio_memory(data, size, "fuzz-input");
    if (wave.sample_rate <= 0 || wave.samples.empty()) std::abort();
    for (const float x : wave.samples) {
      if (!std::isfinite(x)) std::abort();
    }
  } catch (const emoforget::Error&) {
  }
  return 0;
}
