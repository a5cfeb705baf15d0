// The translation unit that carries the precompiled LibTorch and JSON headers
// (CMake option EMOFORGET_PCH); it defines nothing.
