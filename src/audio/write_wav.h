// Writing a waveform as a mono 16-bit PCM WAV file, atomically and with
// deterministic bytes (no date, software or peak chunk).
#pragma once

#include <filesystem>
#include <vector>

namespace emoforget::audio {

// Writes `samples` (mono, nominally in [-1, 1]) to `path` as 16-bit PCM WAV at
// `sample_rate` Hz. Samples outside [-1, 1] are clipped. The same input always
// gives the same bytes. The file appears only when complete (written beside it,
// then renamed). Throws emoforget::Error naming the file on a non-positive
// rate, a NaN/Inf sample, or an I/O failure.
void write_wav(const std::filesystem::path& path, const std::vector<float>& samples,
               int sample_rate);

}  // namespace emoforget::audio
