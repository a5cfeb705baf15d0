// read_audio_memory(): bytes in memory, opened through libsndfile's virtual I/O
// (sf_open_virtual) and decoded by the same decode_sndfile as read_audio().
#include <sndfile.h>

#include <cstdio>
#include <cstring>
#include <limits>

#include "audio/read_audio.h"
#include "audio/sndfile_decode.h"
#include "common/error.h"

namespace emoforget::audio {
namespace {

// A read-only cursor over the caller's bytes.
struct MemoryFile {
  const unsigned char* data = nullptr;
  sf_count_t size = 0;
  sf_count_t position = 0;
};

MemoryFile& cursor(void* user) {
  return *static_cast<MemoryFile*>(user);
}

sf_count_t memory_length(void* user) {
  return cursor(user).size;
}

sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
  MemoryFile& file = cursor(user);
  sf_count_t base = 0;
  if (whence == SEEK_CUR) base = file.position;
  if (whence == SEEK_END) base = file.size;
  if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) return -1;
  // Positions past the end are allowed (reads there return nothing), before the start not.
  if (offset < -base || offset > std::numeric_limits<sf_count_t>::max() - base) return -1;
  file.position = base + offset;
  return file.position;
}

sf_count_t memory_read(void* out, sf_count_t count, void* user) {
  MemoryFile& file = cursor(user);
  if (count <= 0 || file.position >= file.size) return 0;
  const sf_count_t n = count < file.size - file.position ? count : file.size - file.position;
  std::memcpy(out, file.data + file.position, static_cast<size_t>(n));
  file.position += n;
  return n;
}

sf_count_t memory_write(const void*, sf_count_t, void*) {
  return 0;
}

sf_count_t memory_tell(void* user) {
  return cursor(user).position;
}

}  // namespace

Waveform read_audio_memory(const void* data, size_t size, const std::string& source,
                           int required_sample_rate) {
  check_required_rate(source, required_sample_rate);
  if (size == 0) throw Error("audio file is empty (0 bytes): " + source);
  MemoryFile file{static_cast<const unsigned char*>(data), static_cast<sf_count_t>(size), 0};
  SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
  SF_INFO info{};
  SndfileHandle in;
  in.file = sf_open_virtual(&io, SFM_READ, &info, &file);
  if (in.file == nullptr) throw_open_failure(source);
  return decode_sndfile(in.file, info, source, required_sample_rate);
}

}  // namespace emoforget::audio
