#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets that take text and audio files:
fuzz/corpus/{model_config,manifest,corpus_names,cremad_demographics,audio}/.

Configs are copied from tests/fixtures/model; manifests, names and demographics are
written here; audio files are written by the system's libsndfile (through ctypes) in
each format it can write, 64 frames each, so every seed stays small. Rerun after
changing it (python3 fuzz/make_seeds.py); libsndfile may stamp some headers (Ogg's
stream serial), so audio seeds need not come out byte-identical. Inputs fuzzing found
(named after what they do, e.g. flac_claims_1g_frames.flac) sit beside these seeds and
are not written here.
"""
import ctypes
import math
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def model_configs():
    for config in sorted((ROOT / "tests" / "fixtures" / "model").glob("*/config.json")):
        shutil.copyfile(config, CORPUS / "model_config" / (config.parent.name + ".json"))
    write("model_config", "minimal.json", '{"model_type": "hubert", "num_labels": 2}\n')
    write("model_config", "labels.json",
          '{"id2label": {"0": "anger", "1": "sadness"}, "label2id": {"anger": 0, "sadness": 1},'
          ' "conv_dim": [8, 8], "conv_kernel": [10, 3], "conv_stride": [5, 2],'
          ' "num_feat_extract_layers": 2, "layer_norm_eps": 1e-5, "add_adapter": false}\n')


MANIFESTS = {
    "basic.csv": "path,speaker,emotion,split,gender,utt_id\n"
                 "a/01.wav,s1,anger,train,f,u1\nb/02.wav,s2,sadness,val,m,u2\n"
                 "c/03.wav,s3,fear,test,,\n",
    "minimal.csv": "emotion,path,speaker\nhappy,x.wav,7\n",
    "quoted_crlf.csv": '\ufeffpath,speaker,emotion,notes\r\n'
                       '"dir, with comma/a.wav",s1,anger,"said ""hi""\r\nthen left"\r\n'
                       '\r\n/abs/b.wav,s2,neutral, padded \r\n',
    "genders.csv": "path,speaker,emotion,gender,split\n1.wav,a,x,Female,\n2.wav,b,y,MALE,train\n",
    "bad_split.csv": "path,speaker,emotion,split\n1.wav,a,x,dev\n",
    "duplicate.csv": "path,speaker,emotion,utt_id\n1.wav,a,x,k\n2.wav,b,y,k\n",
    "cr_only.csv": "path,speaker,emotion\r1.wav,a,x\r",
}

NAMES = [
    "PR_f_02_rab01b.wav", "NP_m_30_neu1.wav", "DC_f_13_tri05a.WAV", "._PR_f_02_rab01b.wav",
    "03a01Fa.wav", "16b10Wb.wav", "09a05Tc.wav",
    "03-01-06-01-02-01-12.wav", "03-02-08-02-02-02-24.wav", "01-01-01-01-01-01-01.wav",
    "1001_DFA_ANG_XX.wav", "1091_IEO_HAP_HI.wav", "1050_TSI_NEU_LO.wav",
    "readme.txt",
]

DEMOGRAPHICS = {
    "video_demographics.csv": "ActorID,Age,Sex,Race,Ethnicity\r\n1001,51,Male,Caucasian,Not Hispanic\r\n"
                              "1002,21,Female,Caucasian,Not Hispanic\r\n"
                              '1003,21,Female,"Asian, other",Not Hispanic\r\n',
    "reordered.csv": "Sex,ActorID\nMale,1091\n",
    "bad_sex.csv": "ActorID,Sex\n1001,Unknown\n",
    "short_row.csv": "ActorID,Age,Sex\n1001,51\n",
}


class SfInfo(ctypes.Structure):
    _fields_ = [("frames", ctypes.c_int64), ("samplerate", ctypes.c_int),
                ("channels", ctypes.c_int), ("format", ctypes.c_int),
                ("sections", ctypes.c_int), ("seekable", ctypes.c_int)]


SFM_WRITE = 0x20
# (file name, major format | subtype, channels, rate), from sndfile.h.
AUDIO = [
    ("pcm16_mono.wav", 0x010000 | 0x0002, 1, 16000),
    ("float_stereo.wav", 0x010000 | 0x0006, 2, 8000),
    ("ulaw.wav", 0x010000 | 0x0010, 1, 8000),
    ("adpcm.wav", 0x010000 | 0x0013, 1, 8000),
    ("pcm24.aiff", 0x020000 | 0x0003, 1, 22050),
    ("pcm8.au", 0x030000 | 0x0001, 1, 8000),
    ("double.caf", 0x180000 | 0x0007, 2, 44100),
    ("pcm16.w64", 0x0B0000 | 0x0002, 1, 16000),
    ("pcm16.rf64", 0x220000 | 0x0002, 1, 16000),
    ("pcm16.flac", 0x170000 | 0x0002, 1, 16000),
    ("vorbis.ogg", 0x200000 | 0x0060, 1, 16000),
    ("pcm16.nist", 0x070000 | 0x0002, 1, 16000),
    ("pcm16.voc", 0x080000 | 0x0002, 1, 16000),
    ("pcm16.ircam", 0x0A0000 | 0x0002, 1, 16000),
]


def audio_files():
    sndfile = ctypes.CDLL("libsndfile.so.1")
    sndfile.sf_open.restype = ctypes.c_void_p
    sndfile.sf_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(SfInfo)]
    sndfile.sf_writef_float.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float),
                                        ctypes.c_int64]
    sndfile.sf_close.argtypes = [ctypes.c_void_p]
    folder = CORPUS / "audio"
    folder.mkdir(parents=True, exist_ok=True)
    frames = 64
    for name, fmt, channels, rate in AUDIO:
        info = SfInfo(0, rate, channels, fmt, 0, 0)
        handle = sndfile.sf_open(str(folder / name).encode(), SFM_WRITE, ctypes.byref(info))
        if not handle:
            raise SystemExit(f"libsndfile cannot write {name}")
        samples = (ctypes.c_float * (frames * channels))(
            *[0.5 * math.sin(2 * math.pi * 440 * (i // channels) / rate + (i % channels))
              for i in range(frames * channels)])
        sndfile.sf_writef_float(handle, samples, frames)
        sndfile.sf_close(handle)


def main():
    for target in ("model_config", "manifest", "corpus_names", "cremad_demographics", "audio"):
        (CORPUS / target).mkdir(parents=True, exist_ok=True)
    model_configs()
    for name, text in MANIFESTS.items():
        write("manifest", name, text)
    for index, name in enumerate(NAMES):
        write("corpus_names", f"name{index:02d}", name)
    for name, text in DEMOGRAPHICS.items():
        write("cremad_demographics", name, text)
    audio_files()


if __name__ == "__main__":
    main()
