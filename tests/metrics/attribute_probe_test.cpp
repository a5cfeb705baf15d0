// The speaker-disjoint attribute probe: it finds an attribute an embedding carries, is
// near chance on one that carries none, and never lets a speaker straddle folds.
#include "metrics/attribute_probe.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "common/error.h"
#include "support/speaker_rows.h"

namespace emoforget::metrics {
namespace {

using Rows = testing::SpeakerRows;

// 12 speakers (6 of each value) of 10 rows, the attribute planted in dimension 3 with
// strength `signal`.
Rows rows(double signal, uint64_t seed) {
  Rows r = testing::speaker_rows(12, 10, 8, seed);
  r.embeddings.select(1, 3) += signal * r.sign();
  return r;
}

TEST(AttributeProbe, FindsAnAttributeTheEmbeddingCarries) {
  const Rows r = rows(3.0, 1);
  const ProbeResult result = probe_attribute(r.embeddings, r.values, r.speakers, 5, {});
  EXPECT_GT(result.balanced_accuracy, 0.9);
  EXPECT_EQ(result.folds, 5);
  EXPECT_EQ(result.n, 120);
  EXPECT_EQ(result.speakers[0], 6);
  EXPECT_EQ(result.speakers[1], 6);
}

TEST(AttributeProbe, FindsItWhenOneValueHasFewSpeakers) {
  // 2 speakers of value 1 against 10 of value 0 (the rows of the others relabelled): fitted
  // on balanced rows, the probe does not settle for predicting the common value.
  Rows r = rows(0.0, 5);
  for (int64_t i = 0; i < 120; ++i) {
    const int64_t speaker = i / 10;
    r.values[i] = speaker < 2 ? 1 : 0;
  }
  r.embeddings.select(1, 3) += 1.5 * (2.0 * r.values.to(torch::kFloat32) - 1.0);
  const ProbeResult result = probe_attribute(r.embeddings, r.values, r.speakers, 5, {});
  EXPECT_EQ(result.speakers[1], 2);
  EXPECT_GT(result.balanced_accuracy, 0.75);
}

TEST(AttributeProbe, IsNearChanceWithoutIt) {
  const Rows r = rows(0.0, 2);
  const ProbeResult result = probe_attribute(r.embeddings, r.values, r.speakers, 5, {});
  EXPECT_LT(result.balanced_accuracy, 0.65);
  EXPECT_GT(result.balanced_accuracy, 0.35);
}

TEST(AttributeProbe, SpeakerIdentityDoesNotLeakAcrossFolds) {
  // Each speaker has its own random offset and the value is a function of the speaker
  // alone: a probe fitted on other speakers cannot learn it from their offsets. With 12
  // speakers one draw swings by a speaker's share, so the mean over draws is tested.
  double sum = 0.0;
  constexpr int kDraws = 8;
  for (int draw = 0; draw < kDraws; ++draw) {
    Rows r = rows(0.0, 3 + draw);
    const torch::Tensor offsets = 4.0 * torch::randn({12, 8});
    for (int64_t i = 0; i < 120; ++i)
      r.embeddings[i] += offsets[i / 10];
    sum += probe_attribute(r.embeddings, r.values, r.speakers, 5, {}).balanced_accuracy;
  }
  EXPECT_LT(sum / kDraws, 0.65);
}

TEST(AttributeProbe, RefusesTooFewSpeakersAndMixedSpeakers) {
  Rows r = rows(1.0, 4);
  std::vector<std::string> one_each(120, "a");
  for (int64_t i = 0; i < 120; ++i)
    one_each[static_cast<size_t>(i)] = r.values[i].item<int64_t>() == 0 ? "a" : "b";
  EXPECT_THROW(probe_attribute(r.embeddings, r.values, one_each, 5, {}), Error);
  std::vector<std::string> mixed(120, "same");
  EXPECT_THROW(probe_attribute(r.embeddings, r.values, mixed, 5, {}), Error);
}

}  // namespace
}  // namespace emoforget::metrics
