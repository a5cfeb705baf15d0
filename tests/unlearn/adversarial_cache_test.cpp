#include "unlearn/adversarial_cache.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "model/sequence_classifier.h"
#include "support/mini_model.h"
#include "support/test_support.h"

namespace emoforget::unlearn {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

struct Attack {
  model::SequenceClassifier model{testing::mini_model_config({"a", "b", "c", "d"})};
  torch::Tensor waves = torch::randn({2, 4000}, torch::TensorOptions().dtype(torch::kFloat32));
  torch::Tensor labels = torch::tensor({0, 3}, torch::kInt64);
  PgdConfig config;
  Attack() {
    model->init_weights(1);
    config.m = 2;
    config.p = 2;
  }
};

TEST(AdversarialCache, StoresThenReusesTheSameSet) {
  TempDir dir;
  Attack a;
  const auto first =
      cached_adversarial_set(dir / "cache", a.model, a.waves, {}, a.labels, a.config, Rng(5), {});
  EXPECT_EQ(first.status, "stored");
  EXPECT_TRUE(fs::exists(first.file));
  const auto second =
      cached_adversarial_set(dir / "cache", a.model, a.waves, {}, a.labels, a.config, Rng(5), {});
  EXPECT_EQ(second.status, "hit");
  EXPECT_EQ(second.file, first.file);
  EXPECT_TRUE(torch::equal(first.set.waves, second.set.waves));
  EXPECT_TRUE(torch::equal(first.set.targets, second.set.targets));
  EXPECT_DOUBLE_EQ(first.set.success_rate, second.set.success_rate);
  EXPECT_DOUBLE_EQ(first.set.final_target_ce, second.set.final_target_ce);

  Rng rng(5);
  const auto direct = generate_adversarial_set(a.model, a.waves, {}, a.labels, a.config, rng, {});
  EXPECT_TRUE(torch::equal(direct.waves, second.set.waves)) << "a hit equals a fresh attack";
}

TEST(AdversarialCache, AnyChangedInputIsAnotherEntry) {
  TempDir dir;
  Attack a;
  const fs::path cache = dir / "cache";
  const auto base =
      cached_adversarial_set(cache, a.model, a.waves, {}, a.labels, a.config, Rng(5), {});
  PgdConfig wider = a.config;
  wider.tau = 0.5;
  EXPECT_EQ(cached_adversarial_set(cache, a.model, a.waves, {}, a.labels, wider, Rng(5), {}).status,
            "stored");
  EXPECT_EQ(
      cached_adversarial_set(cache, a.model, a.waves, {}, a.labels, a.config, Rng(6), {}).status,
      "stored")
      << "another random stream";
  const torch::Tensor other_waves = a.waves + 0.01;
  EXPECT_EQ(cached_adversarial_set(cache, a.model, other_waves, {}, a.labels, a.config, Rng(5), {})
                .status,
            "stored");
  const torch::Tensor lengths = torch::full({a.waves.size(0)}, a.waves.size(1) - 1, torch::kInt64);
  EXPECT_EQ(cached_adversarial_set(cache, a.model, a.waves, lengths, a.labels, a.config, Rng(5), {})
                .status,
            "stored")
      << "other clip lengths";
  {
    torch::NoGradGuard no_grad;
    a.model->parameters()[0].add_(1e-3);
  }
  EXPECT_EQ(
      cached_adversarial_set(cache, a.model, a.waves, {}, a.labels, a.config, Rng(5), {}).status,
      "stored")
      << "other weights";
  EXPECT_EQ(testing::list_files(cache).size(), 6u);
  EXPECT_TRUE(fs::exists(base.file));
}

TEST(AdversarialCache, DamagedEntryIsRegenerated) {
  TempDir dir;
  Attack a;
  const auto first =
      cached_adversarial_set(dir / "cache", a.model, a.waves, {}, a.labels, a.config, Rng(5), {});
  fs::resize_file(first.file, fs::file_size(first.file) / 2);
  const auto again =
      cached_adversarial_set(dir / "cache", a.model, a.waves, {}, a.labels, a.config, Rng(5), {});
  EXPECT_EQ(again.status, "stored");
  EXPECT_TRUE(torch::equal(first.set.waves, again.set.waves));
  EXPECT_EQ(
      cached_adversarial_set(dir / "cache", a.model, a.waves, {}, a.labels, a.config, Rng(5), {})
          .status,
      "hit");
}

}  // namespace
}  // namespace emoforget::unlearn
