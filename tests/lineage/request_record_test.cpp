#include "lineage/request_record.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget::lineage {
namespace {

RequestKey test_key() {
  RequestKey key;
  key.secret = std::string(32, '\x07');
  key.id = "k1";
  return key;
}

TEST(RequestRecord, HashedIdsAreSortedUniqueAndOrderFree) {
  const RequestKey key = test_key();
  const auto a = hashed_ids(key, {"f01_anger_00", "m02_sad_03", "f01_anger_00"});
  const auto b = hashed_ids(key, {"m02_sad_03", "f01_anger_00"});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  for (const std::string& h : a) {
    EXPECT_EQ(h.size(), 64u);
    EXPECT_EQ(h.find("f01"), std::string::npos);
  }
  EXPECT_EQ(default_request_id(key, a), default_request_id(key, b));
  EXPECT_EQ(default_request_id(key, a).rfind("req-", 0), 0u);
  EXPECT_EQ(default_request_id(key, a).size(), 16u);
  EXPECT_NE(default_request_id(key, a), default_request_id(key, hashed_ids(key, {"m02_sad_03"})));
}

TEST(RequestRecord, RoundTripsThroughJsonAndFindsRepeats) {
  RequestRecord r;
  r.id = "req-1";
  r.created = "2026-12-05T10:00:00Z";
  r.method = "adv-ewc";
  r.seed = 3;
  r.n = 2;
  r.speakers = 1;
  r.utt_hashes = hashed_ids(test_key(), {"a", "b"});
  r.key_id = "k1";
  r.parent_hash = "sha256:p";
  r.model_hash = "sha256:m";
  r.forget_uar = 0.25;
  r.held_out_split = "test";
  const RequestRecord back = RequestRecord::from_json(r.to_json(), "report.json");
  EXPECT_EQ(back.to_json(), r.to_json());
  EXPECT_FALSE(back.held_out_uar.has_value());
  EXPECT_NE(find_repeat({r}, "k1", hashed_ids(test_key(), {"b", "a"})), nullptr);
  EXPECT_EQ(find_repeat({r}, "k2", r.utt_hashes), nullptr) << "another key's hashes never match";
  EXPECT_EQ(find_repeat({r}, "k1", hashed_ids(test_key(), {"a"})), nullptr);
}

TEST(RequestRecord, MalformedLineageIsNamed) {
  EXPECT_FALSE(lineage_of(nlohmann::json{{"command", "finetune"}}, "r.json").has_value());
  nlohmann::json bad = {{"lineage",
                         {{"requests", nlohmann::json::array({{{"id", "x"}}})},
                          {"model_hash", "h"},
                          {"parent", {{"path", "/p"}, {"hash", "h"}}}}}};
  try {
    lineage_of(bad, "m/report.json");
    FAIL() << "accepted a record without fields";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("m/report.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace emoforget::lineage
