// Decoding one audio file with libsndfile (WAV, FLAC, OGG, MP3, AIFF, ... — any
// format it reads), from disk or from memory, into a mono waveform: channels are
// averaged, integer formats scaled to [-1, 1], and NaN/Inf samples rejected. The
// native rate is kept; see resample.h. Safe to call from several threads on
// different files.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "audio/waveform.h"

namespace emoforget::audio {

// Pass as `required_sample_rate` to accept any input rate.
constexpr int kAnySampleRate = 0;

// Reads `path` and mixes it to mono (the mean of the channels). With
// `required_sample_rate` > 0 the file must have exactly that rate (strict mode).
// Throws emoforget::Error naming the file when it is missing, not a regular
// file, empty (0 bytes or 0 frames), not decodable by libsndfile (with
// libsndfile's reason), holds NaN/Inf samples, or has the wrong rate in strict mode.
Waveform read_audio(const std::filesystem::path& path, int required_sample_rate = kAnySampleRate);

// The same decoding and checks for `size` bytes of a file's content at `data`
// (libsndfile's virtual I/O); `source` names the bytes in errors where read_audio
// names the path. The bytes are not copied and must outlive the call.
Waveform read_audio_memory(const void* data, size_t size, const std::string& source,
                           int required_sample_rate = kAnySampleRate);

}  // namespace emoforget::audio
