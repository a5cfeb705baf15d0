// A disk that fills up while a model, a report or a corpus is written: the run fails with
// one error line naming the output and the system's reason, leaves no partial output, and
// the previous version of the output stays as it was. Each case runs the CLI in a mount
// namespace of its own (unshare) on a small tmpfs made for it, so the test needs no
// privileges and leaves no mount behind.
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "faults/fault_fixture.h"
#include "support/cli_process.h"

namespace emoforget::testing {
namespace {
namespace fs = std::filesystem;

// Mounts a tmpfs of `size` bytes on $1, copies the previous outputs ($3) into it, fills
// it up when FILL is "fill", runs the rest of the command line, then lists every path in
// the tmpfs with its digest into $2 (outside the tmpfs, which ends with the namespace).
constexpr const char* kScript = R"(dir=$1 listing=$2 previous=$3 size=$4 fill=$5; shift 5
mount -t tmpfs -o size="$size" tmpfs "$dir" || exit 97
cp -a "$previous"/. "$dir"/ || exit 98
if [ "$fill" = fill ]; then dd if=/dev/zero of="$dir/filler" bs=4096 2>/dev/null; fi
"$@"; status=$?
(cd "$dir" && find . -mindepth 1 ! -name filler | sort) > "$listing.paths"
(cd "$dir" && find . -type f ! -name filler -exec sha256sum {} + | sort -k2) > "$listing"
exit $status
)";

struct FullDiskRun {
  CliResult result;
  std::string paths;    // every path left in the filesystem (the filler aside)
  std::string digests;  // sha256 of every file there
};

// The listing a folder holding `previous`'s content gives, for comparison.
std::string listing_of(const fs::path& previous, const fs::path& scratch, bool digests) {
  const fs::path listing = scratch / "expected";
  const std::string command =
      digests
          ? "cd '" + previous.string() + "' && find . -type f -exec sha256sum {} + | sort -k2 > '" +
                listing.string() + "'"
          : "cd '" + previous.string() + "' && find . -mindepth 1 | sort > '" + listing.string() +
                "'";
  EXPECT_EQ(std::system(command.c_str()), 0);
  return read_text(listing);
}

FullDiskRun run_on_full_disk(const fs::path& scratch, const fs::path& previous, int64_t size,
                             bool fill, const std::vector<std::string>& args) {
  const fs::path mount_point = scratch / "disk";
  const fs::path listing = scratch / "listing";
  fs::create_directories(mount_point);
  CliProcess run(args, {"unshare", "--user", "--map-root-user", "--mount", "sh", "-c", kScript,
                        "sh", mount_point.string(), listing.string(), previous.string(),
                        std::to_string(size), fill ? "fill" : "no"});
  FullDiskRun out;
  out.result = run.wait();
  EXPECT_NE(out.result.exit_code, 97)
      << "cannot mount a tmpfs in a new namespace: " << out.result.err;
  out.paths = read_text(fs::path(listing.string() + ".paths"));
  out.digests = read_text(listing);
  return out;
}

int64_t folder_bytes(const fs::path& dir) {
  int64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) bytes += static_cast<int64_t>(entry.file_size());
  return bytes;
}

void expect_one_disk_full_error(const CliResult& result, const std::string& output) {
  EXPECT_EQ(result.exit_code, 1) << result.err;
  std::istringstream lines(result.err);
  std::string line, error;
  int errors = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("emoforget: error: ", 0) == 0) {
      ++errors;
      error = line;
    }
  }
  EXPECT_EQ(errors, 1) << result.err;
  EXPECT_NE(error.find("No space left on device"), std::string::npos) << result.err;
  EXPECT_NE(error.find(output), std::string::npos) << result.err;
}

TEST(FullDisk, AModelThatDoesNotFitLeavesThePreviousModelIntact) {
  FaultCorpus c;
  const fs::path previous = c.dir / "previous";
  fs::create_directories(previous);
  fs::copy(c.init, previous / "unlearned");  // the output of an earlier run
  const int64_t size = folder_bytes(previous) * 3 / 2 + 16384;
  const std::string out = (c.dir / "disk" / "unlearned").string();
  const FullDiskRun run =
      run_on_full_disk(c.dir, previous, size, false, {"--threads",   "1",
                                                      "--quiet",     "forget",
                                                      "--model",     c.init.string(),
                                                      "--manifest",  c.manifest.string(),
                                                      "--out",       out,
                                                      "--overwrite", "--method",
                                                      "ranlab",      "--forget-random",
                                                      "2",           "--epochs",
                                                      "1",           "--max-seconds",
                                                      "0.5",         "--lr",
                                                      "1e-3"});
  expect_one_disk_full_error(run.result, out);
  EXPECT_EQ(run.paths, listing_of(previous, c.dir, false));
  EXPECT_EQ(run.digests, listing_of(previous, c.dir, true));
}

TEST(FullDisk, AReportOnAFullDiskLeavesThePreviousReportIntact) {
  FaultCorpus c;
  const fs::path previous = c.dir / "previous";
  write_text(previous / "report.json", "{\"earlier\": true}\n");
  const std::string out = (c.dir / "disk" / "report.json").string();
  const FullDiskRun run = run_on_full_disk(
      c.dir, previous, 1 << 20, true,
      {"--threads", "1", "--quiet", "evaluate", "--model", c.init.string(), "--manifest",
       c.manifest.string(), "--split", "test", "--max-seconds", "0.5", "--report", out});
  expect_one_disk_full_error(run.result, out);
  EXPECT_EQ(run.paths, listing_of(previous, c.dir, false));
  EXPECT_EQ(run.digests, listing_of(previous, c.dir, true));
}

TEST(FullDisk, ACorpusThatDoesNotFitLeavesThePreviousCorpusIntact) {
  FaultCorpus c;
  const fs::path previous = c.dir / "previous";
  const CliResult small = run_cli({"--quiet", "synth", "--out", (previous / "corpus").string(),
                                   "--speakers", "3", "--per-class", "1"});
  ASSERT_EQ(small.exit_code, 0) << small.err;
  const int64_t size = folder_bytes(previous) + (256 << 10);
  const std::string out = (c.dir / "disk" / "corpus").string();
  const FullDiskRun run = run_on_full_disk(
      c.dir, previous, size, false,
      {"--quiet", "synth", "--out", out, "--overwrite", "--speakers", "8", "--per-class", "4"});
  expect_one_disk_full_error(run.result, out);
  EXPECT_EQ(run.paths, listing_of(previous, c.dir, false));
  EXPECT_EQ(run.digests, listing_of(previous, c.dir, true));
}

TEST(FullDisk, FinetuneStopsCleanlyWhenItsTrainingStateNoLongerFits) {
  FaultCorpus c;
  const fs::path previous = c.dir / "previous";
  fs::create_directories(previous);
  const std::string out = (c.dir / "disk" / "model").string();
  // Room for about one copy of the weights: the first epoch's resume state (weights + Adam)
  // cannot fit, and with no finished epoch to resume from nothing is kept.
  const int64_t size = folder_bytes(c.init) + 16384;
  const FullDiskRun run = run_on_full_disk(
      c.dir, previous, size, false,
      {"--threads", "1", "--quiet", "finetune", "--manifest", c.manifest.string(), "--init",
       c.init.string(), "--out", out, "--epochs", "2", "--batch", "4", "--max-seconds", "0.5"});
  expect_one_disk_full_error(run.result, "disk/model");
  EXPECT_EQ(run.paths, "") << "nothing may be left on the full disk";
}

}  // namespace
}  // namespace emoforget::testing
