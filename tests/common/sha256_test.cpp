#include "common/sha256.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace emoforget {
namespace {

// Known answers: FIPS 180-4 examples and RFC 4231's HMAC-SHA256 test cases.
TEST(Sha256, MatchesTheStandardsExamples) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecewiseAndFileInputGiveTheSameHash) {
  const std::string text(1000, 'x');
  Sha256 pieces;
  for (size_t i = 0; i < text.size(); i += 7)
    pieces.add(text.substr(i, 7));
  EXPECT_EQ(to_hex(pieces.finish()), sha256_hex(text));
  testing::TempDir dir;
  testing::write_text(dir / "f", text);
  EXPECT_EQ(to_hex(Sha256().add_file(dir / "f").finish()), sha256_hex(text));
  EXPECT_THROW(Sha256().add_file(dir / "missing"), std::exception);
}

TEST(HmacSha256, MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // A key longer than the block is hashed first (test case 6).
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

}  // namespace
}  // namespace emoforget
