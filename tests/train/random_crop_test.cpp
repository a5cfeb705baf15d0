#include "train/random_crop.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "audio/normalize.h"
#include "common/error.h"
#include "data/manifest.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"

namespace emoforget::train {
namespace {

// Two clips in a pool of 40 samples: a long one (40 valid) and a short one (6).
LabeledAudio make_pool() {
  LabeledAudio pool;
  pool.waves = torch::zeros({2, 40});
  pool.waves[0] = torch::arange(40, torch::kFloat32) * 0.1 + torch::sin(torch::arange(40.0));
  pool.waves[1].slice(0, 0, 6) = torch::tensor({0.5f, -1.f, 2.f, 0.f, 1.f, -0.5f});
  pool.labels = torch::tensor({0, 1}, torch::kInt64);
  pool.lengths = torch::tensor({40, 6}, torch::kInt64);
  return pool;
}

std::vector<float> normalized(const torch::Tensor& row) {
  std::vector<float> v(row.data_ptr<float>(), row.data_ptr<float>() + row.numel());
  audio::normalize_in_place(v);
  return v;
}

TEST(RandomCrop, WindowsAreNormalisedSlicesOfTheClip) {
  const LabeledAudio pool = make_pool();
  Rng rng(3);
  std::set<int64_t> offsets;
  for (int trial = 0; trial < 50; ++trial) {
    const torch::Tensor x = random_windows(pool, torch::tensor({0}), 10, rng);
    ASSERT_EQ(x.sizes(), (std::vector<int64_t>{1, 10}));
    // Find the offset whose normalised slice matches.
    int64_t found = -1;
    for (int64_t offset = 0; offset + 10 <= 40; ++offset) {
      const auto expected = normalized(pool.waves[0].slice(0, offset, offset + 10).contiguous());
      if (torch::allclose(x[0], torch::tensor(expected), 1e-5, 1e-5)) found = offset;
    }
    ASSERT_GE(found, 0) << "a window is a normalised slice of the clip";
    offsets.insert(found);
  }
  EXPECT_GT(offsets.size(), 10u) << "offsets spread over the clip";
  EXPECT_NEAR(random_windows(pool, torch::tensor({0}), 10, rng).mean().item<double>(), 0.0, 1e-5);
}

TEST(RandomCrop, ShortClipIsNormalisedOverItsSamplesAndZeroPadded) {
  const LabeledAudio pool = make_pool();
  Rng rng(1);
  const torch::Tensor x = random_windows(pool, torch::tensor({1, 1}), 10, rng);
  const auto expected = normalized(pool.waves[1].slice(0, 0, 6).contiguous());
  for (int b = 0; b < 2; ++b) {
    EXPECT_TRUE(torch::allclose(x[b].slice(0, 0, 6), torch::tensor(expected), 1e-6, 1e-6));
    EXPECT_EQ(x[b].slice(0, 6).abs().sum().item<float>(), 0.0f);
  }
}

TEST(RandomCrop, SameSeedSameWindows) {
  const LabeledAudio pool = make_pool();
  Rng a(9), b(9);
  const torch::Tensor index = torch::tensor({0, 1, 0});
  EXPECT_TRUE(torch::equal(random_windows(pool, index, 8, a), random_windows(pool, index, 8, b)));
}

TEST(RandomCrop, LoadedSetsKnowEachClipsTrueLength) {
  testing::TempDir dir;
  const auto manifest = data::read_manifest(testing::write_tone_corpus(dir / "corpus"));
  std::vector<const data::Utterance*> utts;
  for (const auto& u : manifest.utterances)
    utts.push_back(&u);
  audio::AudioConfig audio;
  audio.max_seconds = 2.0;  // longer than the 0.5 s clips
  const LabeledAudio padded = load_labeled_audio(manifest, utts, testing::tone_labels(3), audio);
  ASSERT_EQ(padded.lengths.size(0), padded.size());
  EXPECT_TRUE(torch::all(padded.lengths == 8000).item<bool>());
  EXPECT_EQ(padded.waves.slice(1, 8000).abs().sum().item<float>(), 0.0f);
  audio.max_seconds = 0.25;
  const LabeledAudio cropped = load_labeled_audio(manifest, utts, testing::tone_labels(3), audio);
  EXPECT_TRUE(torch::all(cropped.lengths == 4000).item<bool>());
}

TEST(RandomCrop, RejectsPoolWithoutLengthsAndBadRows) {
  LabeledAudio pool = make_pool();
  Rng rng(0);
  EXPECT_THROW(random_windows(pool, torch::tensor({2}), 10, rng), Error);
  EXPECT_THROW(random_windows(pool, torch::tensor({0}), 0, rng), Error);
  pool.lengths = torch::Tensor();
  EXPECT_THROW(random_windows(pool, torch::tensor({0}), 10, rng), Error);
}

}  // namespace
}  // namespace emoforget::train
