#include "unlearn/forget_set.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"
#include "support/tone_corpus.h"

namespace emoforget::unlearn {
namespace {
using testing::TempDir;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

class ForgetSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    manifest_ = data::read_manifest(testing::write_tone_corpus(dir_.path()));
  }
  TempDir dir_;
  data::Manifest manifest_;
  const std::vector<std::string> train_{"train"};
};

TEST_F(ForgetSetTest, RandomPicksDistinctTrainingUtterancesDeterministically) {
  ForgetRequest request;
  request.random = 5;
  Rng a(1), b(1), c(2);
  const auto first = select_forget_set(manifest_, request, train_, a);
  ASSERT_EQ(first.size(), 5u);
  for (const auto* u : first)
    EXPECT_EQ(u->split, "train");
  EXPECT_EQ(first, select_forget_set(manifest_, request, train_, b));
  EXPECT_NE(first, select_forget_set(manifest_, request, train_, c));
  const auto remain = remain_set(manifest_, first, train_);
  EXPECT_EQ(remain.size() + first.size(), manifest_.in_split("train").size());
}

TEST_F(ForgetSetTest, SpeakerAndFile) {
  ForgetRequest by_speaker;
  by_speaker.speaker = "spk1";
  Rng rng(1);
  const auto speaker = select_forget_set(manifest_, by_speaker, train_, rng);
  EXPECT_EQ(speaker.size(), 6u);
  testing::write_text(dir_ / "forget.csv", "utt_id\nspk0_c1_0\nspk1_c2_1\n");
  ForgetRequest by_file;
  by_file.file = dir_ / "forget.csv";
  const auto listed = select_forget_set(manifest_, by_file, train_, rng);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]->utt_id, "spk0_c1_0");
  testing::write_text(dir_ / "paths.txt", "wav/spk0_c0_1.wav\n");
  by_file.file = dir_ / "paths.txt";
  EXPECT_EQ(select_forget_set(manifest_, by_file, train_, rng).at(0)->utt_id, "spk0_c0_1");
}

TEST_F(ForgetSetTest, AClassIsEveryTrainingUtteranceOfOneEmotion) {
  ForgetRequest request;
  request.label = "c1";
  Rng rng(1);
  const auto chosen = select_forget_set(manifest_, request, train_, rng);
  size_t expected = 0;
  for (const data::Utterance* u : manifest_.in_split("train"))
    expected += u->emotion == "c1" ? 1 : 0;
  ASSERT_GT(expected, 0u);
  EXPECT_EQ(chosen.size(), expected);
  for (const data::Utterance* u : chosen) {
    EXPECT_EQ(u->emotion, "c1");
    EXPECT_EQ(u->split, "train");
  }
  EXPECT_EQ(request.to_json()["kind"], "class");
  ForgetRequest unknown;
  unknown.label = "joy";
  const std::string message = error_of([&] { select_forget_set(manifest_, unknown, train_, rng); });
  EXPECT_NE(message.find("--forget-class joy"), std::string::npos) << message;
  EXPECT_NE(message.find("c0,c1,c2"), std::string::npos) << message;
}

TEST_F(ForgetSetTest, AnAttributeRequestTakesTheTrainingUtterancesCarryingIt) {
  TempDir dir;
  testing::ToneCorpusSpec spec;
  spec.genders = true;
  const data::Manifest gendered = data::read_manifest(testing::write_tone_corpus(dir.path(), spec));
  ForgetRequest request;
  request.attribute = "gender";
  Rng rng(1);
  const auto chosen = select_forget_set(gendered, request, train_, rng);
  EXPECT_EQ(chosen.size(), gendered.in_split("train").size());
  EXPECT_EQ(request.to_json()["kind"], "attribute");
  // The plain corpus has a gender column but no values; an unknown column is named.
  EXPECT_NE(error_of([&] {
              select_forget_set(manifest_, request, train_, rng);
            }).find("no training utterance carries a value"),
            std::string::npos);
  ForgetRequest unknown;
  unknown.attribute = "age";
  EXPECT_NE(error_of([&] {
              select_forget_set(gendered, unknown, train_, rng);
            }).find("attribute 'age': the manifest has no such column"),
            std::string::npos);
}

TEST_F(ForgetSetTest, BadRequestsNameTheProblem) {
  Rng rng(1);
  ForgetRequest too_many;
  too_many.random = 1000;
  EXPECT_NE(error_of([&] { select_forget_set(manifest_, too_many, train_, rng); }).find("larger"),
            std::string::npos);
  testing::write_text(dir_ / "unknown.csv", "utt_id\nspk0_c1_0\nnobody_here\n");
  ForgetRequest unknown;
  unknown.file = dir_ / "unknown.csv";
  const std::string message = error_of([&] { select_forget_set(manifest_, unknown, train_, rng); });
  EXPECT_NE(message.find("nobody_here"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  ForgetRequest held_out_speaker;
  held_out_speaker.speaker = "spk5";  // a test speaker
  EXPECT_NE(error_of([&] {
              select_forget_set(manifest_, held_out_speaker, train_, rng);
            }).find("no training utterances"),
            std::string::npos);
  ForgetRequest none;
  EXPECT_THROW(none.validate(), Error);
  ForgetRequest two;
  two.random = 2;
  two.speaker = "spk0";
  EXPECT_THROW(two.validate(), Error);
  ForgetRequest class_and_attribute;
  class_and_attribute.label = "c0";
  class_and_attribute.attribute = "gender";
  EXPECT_NE(error_of([&] { class_and_attribute.validate(); }).find("--forget-attribute"),
            std::string::npos);
  testing::write_text(dir_ / "test_utt.csv", "spk5_c0_0\n");
  ForgetRequest test_utt;
  test_utt.file = dir_ / "test_utt.csv";
  EXPECT_NE(error_of([&] { select_forget_set(manifest_, test_utt, train_, rng); }).find("never"),
            std::string::npos);
}

}  // namespace
}  // namespace emoforget::unlearn
