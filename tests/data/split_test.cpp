// Speaker-independent split: disjoint speakers, seeded determinism, balance,
// fraction validation and the summary table.
#include "data/split.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "common/error.h"

namespace emoforget::data {
namespace {

// `speakers` speakers; speaker i has (1 + (i + e) % 3) * scale utterances of emotion e.
Manifest synthetic(int speakers, int emotions, int scale = 4) {
  Manifest m;
  for (int s = 0; s < speakers; ++s) {
    for (int e = 0; e < emotions; ++e) {
      const int n = (1 + (s + e) % 3) * scale;
      for (int k = 0; k < n; ++k) {
        Utterance u;
        u.speaker = "spk" + std::to_string(s);
        u.emotion = "emo" + std::to_string(e);
        u.path = u.speaker + "/" + u.emotion + "_" + std::to_string(k) + ".wav";
        u.utt_id = u.path;
        m.utterances.push_back(u);
      }
    }
  }
  return m;
}

std::map<std::string, std::string> split_of_speakers(const Manifest& m) {
  std::map<std::string, std::string> out;
  for (const Utterance& u : m.utterances)
    out[u.speaker] = u.split;
  return out;
}

TEST(Split, EverySpeakerInExactlyOneSplit) {
  Manifest m = synthetic(17, 4);
  assign_speaker_splits(m, SplitConfig{});
  std::map<std::string, std::set<std::string>> splits;
  for (const Utterance& u : m.utterances) {
    EXPECT_TRUE(u.split == "train" || u.split == "val" || u.split == "test") << u.split;
    splits[u.speaker].insert(u.split);
  }
  EXPECT_EQ(splits.size(), 17u);
  for (const auto& [speaker, names] : splits)
    EXPECT_EQ(names.size(), 1u) << speaker;
}

TEST(Split, SameSeedSameSplitDifferentSeedsDiffer) {
  Manifest a = synthetic(20, 4), b = synthetic(20, 4);
  SplitConfig config;
  config.seed = 7;
  assign_speaker_splits(a, config);
  assign_speaker_splits(b, config);
  EXPECT_EQ(split_of_speakers(a), split_of_speakers(b));

  std::set<std::map<std::string, std::string>> seen;
  for (uint64_t seed = 0; seed < 5; ++seed) {
    Manifest c = synthetic(20, 4);
    config.seed = seed;
    assign_speaker_splits(c, config);
    seen.insert(split_of_speakers(c));
  }
  EXPECT_GT(seen.size(), 1u);
}

TEST(Split, EmotionsBalancedNearTargets) {
  // 30 speakers of 36 utterances each: the targets per split x emotion are
  // fraction * 270, and one speaker holds at most 12 utterances of an emotion.
  Manifest m = synthetic(30, 3);
  SplitConfig config;
  config.seed = 3;
  assign_speaker_splits(m, config);
  std::map<std::string, std::map<std::string, double>> count;
  std::map<std::string, double> per_emotion;
  for (const Utterance& u : m.utterances) {
    count[u.split][u.emotion] += 1;
    per_emotion[u.emotion] += 1;
  }
  for (size_t s = 0; s < 3; ++s) {
    for (const auto& [emotion, total] : per_emotion) {
      const double target = config.fractions[s] * total;
      EXPECT_LE(std::fabs(count[kSplitNames[s]][emotion] - target), 12.0)
          << kSplitNames[s] << " " << emotion << " target " << target;
    }
  }
}

TEST(Split, ZeroFractionSplitStaysEmpty) {
  Manifest m = synthetic(6, 2);
  SplitConfig config;
  config.fractions = {0.5, 0.0, 0.5};
  assign_speaker_splits(m, config);
  EXPECT_TRUE(m.in_split("val").empty());
  EXPECT_FALSE(m.in_split("train").empty());
  EXPECT_FALSE(m.in_split("test").empty());
}

TEST(Split, EveryNonZeroSplitGetsASpeaker) {
  // Three speakers, one of them much larger: each split still gets one.
  Manifest m = synthetic(3, 2);
  for (int k = 0; k < 200; ++k) {
    Utterance u;
    u.speaker = "spk0";
    u.emotion = "emo0";
    u.path = u.utt_id = "big_" + std::to_string(k);
    m.utterances.push_back(u);
  }
  for (uint64_t seed = 0; seed < 6; ++seed) {
    SplitConfig config;
    config.seed = seed;
    assign_speaker_splits(m, config);
    for (const std::string& s : kSplitNames)
      EXPECT_FALSE(m.in_split(s).empty()) << s;
  }
}

TEST(Split, TooFewSpeakersIsAnError) {
  Manifest m = synthetic(2, 2);
  EXPECT_THROW(assign_speaker_splits(m, SplitConfig{}), Error);
  SplitConfig two;
  two.fractions = {0.7, 0.3, 0.0};
  EXPECT_NO_THROW(assign_speaker_splits(m, two));
}

TEST(Split, ParseFractions) {
  const auto f = SplitConfig::parse_fractions("0.32,0.32,0.36");
  EXPECT_DOUBLE_EQ(f[0], 0.32);
  EXPECT_DOUBLE_EQ(f[2], 0.36);
  EXPECT_THROW(SplitConfig::parse_fractions("0.5,0.5"), Error);
  EXPECT_THROW(SplitConfig::parse_fractions("0.2,0.2,0.2,0.4"), Error);
  EXPECT_THROW(SplitConfig::parse_fractions("0.5,abc,0.5"), Error);
  EXPECT_THROW(SplitConfig::parse_fractions("0.5,0.5,"), Error);
  EXPECT_THROW(SplitConfig::parse_fractions(""), Error);
}

TEST(Split, ValidateRejectsBadFractions) {
  SplitConfig config;
  config.fractions = {0.5, 0.5, 0.5};
  EXPECT_THROW(config.validate(), Error);
  config.fractions = {1.2, -0.2, 0.0};
  try {
    config.validate();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("val"), std::string::npos) << e.what();
  }
  config.fractions = {NAN, 0.5, 0.5};
  EXPECT_THROW(config.validate(), Error);
  config.fractions = {0.3333333, 0.3333333, 0.3333334};
  EXPECT_NO_THROW(config.validate());
}

TEST(Split, SummaryCountsPerSplitAndEmotion) {
  Manifest m = synthetic(9, 2);
  assign_speaker_splits(m, SplitConfig{});
  const std::string table = split_summary(m);
  const size_t train = m.in_split("train").size();
  EXPECT_NE(table.find("emo0"), std::string::npos) << table;
  EXPECT_NE(table.find("speakers"), std::string::npos) << table;
  // The train row starts with the name and holds its utterance count.
  const size_t row = table.find("\ntrain");
  ASSERT_NE(row, std::string::npos) << table;
  const std::string line = table.substr(row + 1, table.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find(" " + std::to_string(train) + " "), std::string::npos) << line;
  EXPECT_NE(table.find("total"), std::string::npos);
  EXPECT_EQ(table.find("(none)"), std::string::npos);
}

}  // namespace
}  // namespace emoforget::data
