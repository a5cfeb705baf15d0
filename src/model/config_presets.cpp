// Named model shapes (see ModelConfig::preset).
#include "common/error.h"
#include "model/config.h"

namespace emoforget::model {

std::vector<std::string> ModelConfig::preset_names() {
  return {"tiny", "base", "large"};
}

ModelConfig ModelConfig::preset(const std::string& name) {
  ModelConfig c;  // defaults = facebook/wav2vec2-base
  if (name == "base") return c;
  if (name == "tiny") {
    // The standard 7-layer stride-320 conv stack (so inputs and frame rates match the real
    // models) at 64 channels, and a 4-layer 128-wide encoder: ~0.65M parameters. It is trained
    // from scratch, so it takes the layout that trains best without pretraining (measured on the
    // synthetic corpus: with group norm, post-LN, LayerDrop and time masking it stayed near
    // chance for 15 epochs; with these settings it learns): LayerNorm on every conv layer
    // (wav2vec2-large style), pre-LN encoder, no LayerDrop, no time masking.
    c.conv_dim.assign(7, 64);
    c.conv_bias = true;
    c.feat_extract_norm = "layer";
    c.do_stable_layer_norm = true;
    c.hidden_size = 128;
    c.num_hidden_layers = 4;
    c.num_attention_heads = 4;
    c.intermediate_size = 256;
    c.num_conv_pos_embeddings = 32;
    c.num_conv_pos_embedding_groups = 16;
    c.classifier_proj_size = 64;
    c.layerdrop = 0.0;
    c.mask_time_prob = 0.0;
    return c;
  }
  if (name == "large") {  // facebook/wav2vec2-large-lv60
    c.hidden_size = 1024;
    c.num_hidden_layers = 24;
    c.num_attention_heads = 16;
    c.intermediate_size = 4096;
    c.conv_bias = true;
    c.feat_extract_norm = "layer";
    c.do_stable_layer_norm = true;
    return c;
  }
  throw Error("model preset \"" + name + "\" is unknown (known: tiny, base, large)");
}

}  // namespace emoforget::model
