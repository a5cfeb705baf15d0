// The decoding and validation read_audio() and read_audio_memory() share: one open
// libsndfile handle -> a mono waveform, with every check naming `name`.
#pragma once

#include <sndfile.h>

#include <cstddef>
#include <string>

#include "audio/waveform.h"

namespace emoforget::audio {

// Owns a libsndfile handle and closes it.
struct SndfileHandle {
  SNDFILE* file = nullptr;
  SndfileHandle() = default;
  SndfileHandle(const SndfileHandle&) = delete;
  SndfileHandle& operator=(const SndfileHandle&) = delete;
  ~SndfileHandle() {
    if (file != nullptr) sf_close(file);
  }
};

// Samples to reserve for a header that claims `header_frames` frames: at most 4 Mi,
// because a header may claim far more than the data holds (the rest grows as read).
size_t frames_to_reserve(sf_count_t header_frames);

// Throws unless `required_sample_rate` >= 0 (0 accepts any rate).
void check_required_rate(const std::string& name, int required_sample_rate);

// The error for an sf_open/sf_open_virtual that returned null, with libsndfile's reason.
[[noreturn]] void throw_open_failure(const std::string& name);

// Checks the header in `info`, reads every frame of `file` and mixes it to mono.
// Throws emoforget::Error naming `name` on an invalid header, a sample rate other
// than a non-zero `required_sample_rate`, a decoding error, a NaN/Inf sample or 0 frames.
Waveform decode_sndfile(SNDFILE* file, const SF_INFO& info, const std::string& name,
                        int required_sample_rate);

}  // namespace emoforget::audio
