// The synthetic corpus end to end through the library: files and manifest,
// counts, one split per speaker, repeatable plan, seeds, plausible
// audio, sentence files and the overwrite policy.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "audio/read_audio.h"
#include "common/error.h"
#include "data/manifest.h"
#include "support/test_support.h"
#include "synth/corpus.h"
#include "synth/sentences.h"

namespace emoforget::synth {
namespace {
using testing::list_files;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

SynthConfig small_config(const std::filesystem::path& out, uint64_t seed = 1) {
  SynthConfig c;
  c.out = out;
  c.speakers = 3;
  c.per_class = 1;
  c.seed = seed;
  return c;
}

double rms(const std::vector<float>& x) {
  double sum = 0;
  for (float v : x)
    sum += static_cast<double>(v) * v;
  return std::sqrt(sum / static_cast<double>(x.size()));
}

TEST(SynthCorpus, WritesFilesAndManifest) {
  TempDir dir;
  SynthConfig config = small_config(dir / "corpus");
  config.per_class = 2;
  const SynthSummary summary = synthesize_corpus(config);
  EXPECT_EQ(summary.utterances, 3 * 7 * 2);

  const data::Manifest manifest = data::read_manifest(dir / "corpus" / "manifest.csv");
  ASSERT_EQ(manifest.utterances.size(), 42u);
  std::map<std::string, std::set<std::string>> splits_of;
  std::map<std::string, std::string> gender_of;
  std::map<std::string, int> per_emotion;
  std::set<std::string> files;
  for (const data::Utterance& u : manifest.utterances) {
    splits_of[u.speaker].insert(u.split);
    gender_of[u.speaker] = u.gender;
    ++per_emotion[u.emotion];
    files.insert(u.path);
    EXPECT_TRUE(std::filesystem::is_regular_file(manifest.resolve(u))) << u.path;
    EXPECT_EQ(u.path, "wav/" + u.speaker + "/" + u.utt_id + ".wav");
    EXPECT_TRUE(u.extra.count("sentence_id"));
  }
  EXPECT_EQ(files.size(), 42u);
  EXPECT_EQ(per_emotion.size(), 7u);
  for (const auto& [emotion, count] : per_emotion)
    EXPECT_EQ(count, 6) << emotion;
  ASSERT_EQ(splits_of.size(), 3u);
  for (const auto& [speaker, splits] : splits_of) {
    ASSERT_EQ(splits.size(), 1u) << speaker;
    EXPECT_FALSE(splits.begin()->empty()) << speaker;
  }
  int female = 0;
  for (const auto& [speaker, gender] : gender_of)
    female += gender == "f";
  EXPECT_EQ(female, 1);  // round(3 * 23 / 68)

  std::vector<std::string> wavs;
  for (const std::string& f : list_files(dir / "corpus")) {
    if (f.size() > 4 && f.substr(f.size() - 4) == ".wav") wavs.push_back(f);
  }
  EXPECT_EQ(wavs.size(), 42u);
  EXPECT_EQ(list_files(dir / "corpus").size(), 43u);  // nothing else, no temporaries
  EXPECT_EQ(list_files(dir.path()).size(), 43u);
}

TEST(SynthCorpus, AudioIsNonSilent16kHzOfPlausibleLength) {
  TempDir dir;
  synthesize_corpus(small_config(dir / "c"));
  const data::Manifest manifest = data::read_manifest(dir / "c" / "manifest.csv");
  for (const data::Utterance& u : manifest.utterances) {
    const audio::Waveform wave = audio::read_audio(manifest.resolve(u));
    EXPECT_EQ(wave.sample_rate, 16000) << u.path;
    EXPECT_GT(wave.seconds(), 1.0) << u.path;
    EXPECT_LT(wave.seconds(), 6.0) << u.path;
    EXPECT_GT(rms(wave.samples), 0.02) << u.path;
  }
}

// Byte-identical audio across runs is checked through the CLI (fresh
// processes, see synth_cli_test.cpp); within one process the plan and manifest
// repeat exactly and another seed changes them.
TEST(SynthCorpus, SameSeedSameManifestOtherSeedDiffers) {
  TempDir dir;
  synthesize_corpus(small_config(dir / "a", 5));
  SynthConfig one_thread = small_config(dir / "b", 5);
  one_thread.threads = 1;
  synthesize_corpus(one_thread);
  synthesize_corpus(small_config(dir / "c", 6));
  EXPECT_EQ(list_files(dir / "a"), list_files(dir / "b"));
  EXPECT_TRUE(read_text(dir / "a" / "manifest.csv") == read_text(dir / "b" / "manifest.csv"));
  EXPECT_FALSE(read_text(dir / "a" / "manifest.csv") == read_text(dir / "c" / "manifest.csv"));
  int differ = 0, total = 0;
  for (const std::string& f : list_files(dir / "a")) {
    if (f == "manifest.csv") continue;
    ++total;
    differ += read_text(dir / "a" / f) != read_text(dir / "c" / f);
  }
  EXPECT_EQ(differ, total);
}

TEST(SynthCorpus, SentenceFileIsUsedForEveryClass) {
  TempDir dir;
  write_text(dir / "s.txt",
             "Questa è la prima frase di prova.\n\n  La seconda frase arriva subito!  \n");
  EXPECT_EQ(read_sentences(dir / "s.txt"),
            (std::vector<std::string>{"Questa è la prima frase di prova",
                                      "La seconda frase arriva subito"}));
  SynthConfig config = small_config(dir / "c");
  config.sentences_file = dir / "s.txt";
  config.per_class = 2;
  synthesize_corpus(config);
  const data::Manifest manifest = data::read_manifest(dir / "c" / "manifest.csv");
  std::map<std::string, std::set<std::string>> sentences_of;
  for (const data::Utterance& u : manifest.utterances)
    sentences_of[u.speaker + u.emotion].insert(u.extra.at("sentence_id"));
  for (const auto& [key, ids] : sentences_of)
    EXPECT_EQ(ids, (std::set<std::string>{"0", "1"})) << key;
}

TEST(SynthCorpus, BadInputLeavesNothingBehind) {
  TempDir dir;
  write_text(dir / "empty.txt", "\n  \n");
  SynthConfig config = small_config(dir / "c");
  config.sentences_file = dir / "empty.txt";
  EXPECT_THROW(synthesize_corpus(config), Error);
  config.sentences_file = dir / "missing.txt";
  EXPECT_THROW(synthesize_corpus(config), Error);
  config = small_config(dir / "c");
  config.per_class = 0;
  EXPECT_THROW(synthesize_corpus(config), Error);
  config = small_config(dir / "c");
  config.speakers = 2;
  EXPECT_THROW(synthesize_corpus(config), Error);
  config.speakers = max_synth_speakers() + 1;
  EXPECT_THROW(synthesize_corpus(config), Error);
  EXPECT_EQ(list_files(dir.path()), (std::vector<std::string>{"empty.txt"}));
}

TEST(SynthCorpus, RefusesNonEmptyOutputUnlessOverwrite) {
  TempDir dir;
  write_text(dir / "c" / "keep.txt", "mine");
  SynthConfig config = small_config(dir / "c");
  EXPECT_THROW(synthesize_corpus(config), Error);
  EXPECT_EQ(list_files(dir / "c"), (std::vector<std::string>{"keep.txt"}));
  config.overwrite = true;
  synthesize_corpus(config);
  EXPECT_FALSE(std::filesystem::exists(dir / "c" / "keep.txt"));
  EXPECT_TRUE(std::filesystem::exists(dir / "c" / "manifest.csv"));
  std::filesystem::create_directories(dir / "empty");
  EXPECT_NO_THROW(synthesize_corpus(small_config(dir / "empty")));
}

}  // namespace
}  // namespace emoforget::synth
