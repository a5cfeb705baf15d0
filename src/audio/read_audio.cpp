// read_audio(): a file on disk, opened with sf_open and decoded by decode_sndfile.
#include "audio/read_audio.h"

#include <sndfile.h>

#include <string>
#include <system_error>

#include "audio/sndfile_decode.h"
#include "common/error.h"

namespace emoforget::audio {
namespace fs = std::filesystem;

namespace {

void check_exists(const fs::path& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    throw Error("audio file not found: " + path.string() + " (check the path or the manifest)");
  }
  if (!fs::is_regular_file(status)) {
    throw Error("audio path is not a regular file: " + path.string());
  }
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw Error("cannot read audio file " + path.string() + ": " + ec.message());
  if (size == 0) throw Error("audio file is empty (0 bytes): " + path.string());
}

}  // namespace

Waveform read_audio(const fs::path& path, int required_sample_rate) {
  check_required_rate(path.string(), required_sample_rate);
  check_exists(path);
  SF_INFO info{};
  SndfileHandle in;
  in.file = sf_open(path.c_str(), SFM_READ, &info);
  if (in.file == nullptr) throw_open_failure(path.string());
  return decode_sndfile(in.file, info, path.string(), required_sample_rate);
}

}  // namespace emoforget::audio
