"""Issue 10's "every construct has good/bad corpus programs": the audit, as a test.

``CONSTRUCTS`` lists every construct issue 10 ("What to build", items 1-3) names, each with a
pattern that finds it in a corpus program (``tests/corpus/<pair>/{bad,good}.py``). A construct
is covered when at least one pair uses it in BOTH twins (the bad program shows the bug around
it, the good twin shows the corrected use builds in Keras, which ``tests/test_corpus.py``
checks). The test fails when a listed construct has no such pair, so a construct can neither
be forgotten nor lose its last pair silently.

Some constructs cannot be found by a pattern (a Sequential model with no declared input is the
absence of something): those name their pairs explicitly, and the test checks the pairs exist.
``ELSEWHERE`` lists the constructs of the issue other work streams write pairs for (Lambda,
slicing, subclassed models, ...): they are reported, not required, here.

``python tests/test_corpus_coverage.py`` prints the table (construct -> pairs).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
NOT_OURS = {"regressions"}

# construct -> regex (searched with re.M in each twin) or an explicit tuple of pair names
Detector = str | tuple[str, ...]

_LAYER = r"(?:layers\.|keras\.layers\.|\b)"


def _layer(name: str) -> str:
    return _LAYER + name + r"\("


CONSTRUCTS: dict[str, dict[str, Detector]] = {
    "data at every call": {
        "fit (x, y)": r"\.fit\(",
        "fit validation_data": r"validation_data\s*=",
        "evaluate": r"\.evaluate\(",
        "predict": r"\.predict\(",
        "train_on_batch": r"\.train_on_batch\(",
        "test_on_batch": r"\.test_on_batch\(",
        "predict_on_batch": r"\.predict_on_batch\(",
        "model(x) on data": r"^\s*\w+\s*=\s*(?:model|net|\w+_model)\((?:np\.|tf\.|x\w*\b|X\w*\b)",
    },
    "how a model declares its input": {
        "Sequential with keras.Input": r"Sequential\((?:.|\n)*?(?:keras\.|layers\.|\b)Input\(",
        "input_shape=": r"\binput_shape\s*=",
        "input_dim=": r"\binput_dim\s*=\s*(?!vocab|max_|num_words|n_words|\d{3,})",
        "batch_input_shape=": r"\bbatch_input_shape\s*=",
        "no input: built from data": ("data_sequential_built_from_fit",),
        "functional Model(inputs, outputs)": r"\bModel\(\s*(?:inputs\s*=\s*)?\w",
        "multiple inputs (list)": r"\bModel\(\s*(?:inputs\s*=\s*)?\[",
        "multiple outputs (list)": r"\bModel\([^\n]*outputs\s*=\s*\[|\bModel\(\s*\w+\s*,\s*\[",
        "inputs/outputs as dicts by name": r"\.(?:fit|predict|evaluate)\(\s*\{|\.(?:fit|predict|evaluate)\([^\n]*=\s*\{",
        "Keras 3 trailing-axis adaptation": ("fit_missing_unit_axis", "fit_missing_unit_axis_functional"),
    },
    "losses and labels": {
        "sparse_categorical_crossentropy": r"sparse_categorical_crossentropy|SparseCategoricalCrossentropy",
        "categorical_crossentropy": r"(?<!sparse_)categorical_crossentropy|\bCategoricalCrossentropy",
        "binary_crossentropy": r"binary_crossentropy|BinaryCrossentropy",
        "mse broadcasting": r"loss\s*=\s*['\"](?:mse|mean_squared_error|mae)['\"]",
    },
    "where data comes from": {
        "np.eye": r"np\.eye\(",
        "np.identity": r"np\.identity\(",
        "fancy indexing np.eye(k)[labels]": r"np\.(?:eye|identity)\([^)]*\)\[",
        "reshape with -1": r"reshape\([^)\n]*-1",
        "np.concatenate": r"np\.concatenate\(",
        "np.stack": r"np\.stack\(",
        "np.vstack": r"np\.vstack\(",
        "np.hstack": r"np\.hstack\(",
        "transpose": r"np\.transpose\(|\.transpose\(|\.T\b",
        "np.newaxis / None index": r"np\.newaxis|\[[^\]\n]*\bNone\s*\]",
        "astype": r"\.astype\(",
        "squeeze": r"np\.squeeze\(|\.squeeze\(",
        "to_categorical with num_classes": r"to_categorical\([^)\n]*,",
        "to_categorical without num_classes": r"to_categorical\(\s*[\w.\[\]]+\s*\)",
        "tf.one_hot": r"tf\.one_hot\(",
        "tf.constant": r"tf\.constant\(",
        "tf.zeros": r"tf\.zeros\(",
        "tf.random.*": r"tf\.random\.\w+\(",
        "Dataset.from_tensor_slices": r"from_tensor_slices\(",
        "Dataset.zip": r"Dataset\.zip\(",
        "Dataset.batch": r"\.batch\(",
        "Dataset.shuffle": r"\.shuffle\(",
        "Dataset.prefetch": r"\.prefetch\(",
        "Dataset.repeat": r"\.repeat\(",
        "Dataset.take": r"\.take\(",
        "Dataset.map": r"\.map\(",
        "timeseries_dataset_from_array": r"timeseries_dataset_from_array\(",
        "pad_sequences": r"pad_sequences\(",
    },
    "layers": {
        **{
            name: _layer(name)
            for name in (
                "Conv2D",
                "Conv3D",
                "Conv2DTranspose",
                "Conv3DTranspose",
                "SeparableConv1D",
                "SeparableConv2D",
                "DepthwiseConv1D",
                "DepthwiseConv2D",
                "MaxPooling2D",
                "MaxPooling3D",
                "AveragePooling2D",
                "AveragePooling3D",
                "GlobalMaxPooling2D",
                "GlobalMaxPooling3D",
                "GlobalAveragePooling2D",
                "GlobalAveragePooling3D",
                "UpSampling2D",
                "UpSampling3D",
                "ZeroPadding2D",
                "ZeroPadding3D",
                "Cropping2D",
                "Cropping3D",
                "ConvLSTM1D",
                "ConvLSTM2D",
                "ConvLSTM3D",
                "TextVectorization",
                "StringLookup",
                "IntegerLookup",
                "Hashing",
                "CategoryEncoding",
                "Normalization",
                "Discretization",
                "Rescaling",
                "Resizing",
                "CenterCrop",
                "Softmax",
                "ReLU",
                "LeakyReLU",
                "PReLU",
                "ELU",
            )
        },
        "data_format='channels_first'": r"channels_first",
        "ConvLSTM return_sequences": r"ConvLSTM\dD\([^)]*return_sequences\s*=\s*True",
        "ConvLSTM return_state": r"ConvLSTM\dD\([^)]*return_state\s*=\s*True",
        "TimeDistributed around a conv/pooling layer": (
            _LAYER + r"TimeDistributed\(\s*" + _LAYER + r"(?:Conv|SeparableConv|DepthwiseConv|MaxPooling|AveragePooling"
            r"|GlobalMaxPooling|GlobalAveragePooling|UpSampling|ZeroPadding|Cropping)\w*\("
        ),
        "TextVectorization output_mode='int'": r"TextVectorization\([^)]*output_mode\s*=\s*['\"]int",
        "TextVectorization output_mode='multi_hot'": r"TextVectorization\([^)]*output_mode\s*=\s*['\"]multi_hot",
        "TextVectorization output_mode='count'": r"TextVectorization\([^)]*output_mode\s*=\s*['\"]count",
        "TextVectorization output_mode='tf_idf'": r"TextVectorization\([^)]*output_mode\s*=\s*['\"]tf_idf",
        "TextVectorization output_sequence_length": r"output_sequence_length\s*=",
    },
    "script constructs (issue 10, round 5)": {
        "`in` on known values (`'2D' in pooling.__name__`)": ("layer_class_name_membership",),
        "Keras 1 argument read as meant after LST402": ("keras2_keras1_border_mode_meaning",),
        "custom layer first in a Sequential with input_shape=": ("custom_layer_declares_input_shape",),
        "tf.signal on Keras tensors in a custom layer": ("tf_signal_frame_layer",),
        "layer list of unknown length built in __init__, applied in a loop": ("layer_list_of_unknown_length",),
    },
}

# constructs of issue 10 whose pairs other work streams write (listed for the audit, not required here)
ELSEWHERE: dict[str, str] = {
    "Lambda (lambda or a function of the file, output_shape=)": r"Lambda\(",
    "tensor slicing t[:, -1, :]": r"\[\s*:\s*,\s*-1",
    "TensorFlow functions on Keras tensors (tf.concat, tf.reshape, ...)": r"tf\.(?:concat|stack|reshape|expand_dims|"
    r"squeeze|transpose|reduce_\w+|matmul)\(",
    "keras.backend (K.*)": r"\bK\.\w+\(",
    "subclassed models and layers": r"class \w+\((?:keras\.|tf\.keras\.)?(?:Model|layers\.Layer|Layer)\)",
    "model.layers[i]": r"\.layers\[",
    "Embedding(weights=[matrix])": r"Embedding\([^)]*weights\s*=",
    "Python generators yielding arrays": r"^\s*yield\b",
}


# constructs with no pair YET because lstmlint does not follow them (a bad twin would be missed):
# construct -> the reproducer. The test fails once a pair covers one (then drop it from here).
KNOWN_GAPS: dict[str, str] = {}


def _pairs() -> dict[str, tuple[str, str]]:
    """pair name -> (bad text, good text), for the Python pairs of the corpus."""
    pairs: dict[str, tuple[str, str]] = {}
    for d in sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name not in NOT_OURS):
        bad, good = d / "bad.py", d / "good.py"
        if bad.exists() and good.exists():
            pairs[d.name] = (bad.read_text(encoding="utf-8"), good.read_text(encoding="utf-8"))
    return pairs


def covering(detector: Detector, pairs: dict[str, tuple[str, str]]) -> list[str]:
    """The pairs that use the construct in both twins."""
    if isinstance(detector, tuple):
        return [name for name in detector if name in pairs]
    pattern = re.compile(detector, re.M)
    return [name for name, (bad, good) in pairs.items() if pattern.search(bad) and pattern.search(good)]


def table() -> list[tuple[str, str, list[str]]]:
    pairs = _pairs()
    return [
        (group, construct, covering(detector, pairs))
        for group, rows in CONSTRUCTS.items()
        for construct, detector in rows.items()
    ]


def test_every_construct_of_issue_10_has_a_pair() -> None:
    missing = [
        f"{group}: {construct}" for group, construct, found in table() if not found and construct not in KNOWN_GAPS
    ]
    assert not missing, "constructs with no good/bad corpus pair:\n" + "\n".join(missing)


def test_known_gaps_are_still_gaps() -> None:
    """A construct listed as a known gap has no pair; once one is written, the entry must go."""
    rows = {construct: found for _, construct, found in table()}
    assert set(KNOWN_GAPS) <= set(rows), sorted(set(KNOWN_GAPS) - set(rows))
    covered = {construct: rows[construct] for construct in KNOWN_GAPS if rows[construct]}
    assert not covered, f"now covered, remove from KNOWN_GAPS: {covered}"


def test_explicitly_named_pairs_exist() -> None:
    pairs = _pairs()
    named = [name for rows in CONSTRUCTS.values() for d in rows.values() if isinstance(d, tuple) for name in d]
    assert named and all(name in pairs for name in named), [n for n in named if n not in pairs]


def test_detectors_find_what_they_name() -> None:
    """The patterns are not vacuous: each finds its construct in a line written for it, and the
    layer patterns tell a layer from its prefix (Conv2D is not Conv2DTranspose)."""
    samples = {
        "np.eye(k)[labels]": ("fancy indexing np.eye(k)[labels]", "y = np.eye(10)[labels]"),
        "to_categorical(y)": ("to_categorical without num_classes", "y = to_categorical(y_train)"),
        "to_categorical(y, 10)": ("to_categorical with num_classes", "y = to_categorical(y_train, 10)"),
        "TimeDistributed(Conv2D)": (
            "TimeDistributed around a conv/pooling layer",
            "x = layers.TimeDistributed(layers.Conv2D(8, 3))(x)",
        ),
    }
    rows = {construct: d for group in CONSTRUCTS.values() for construct, d in group.items()}
    for construct, text in samples.values():
        detector = rows[construct]
        assert isinstance(detector, str) and re.search(detector, text, re.M), construct
    assert not re.search(str(rows["Conv2D"]), "layers.Conv2DTranspose(4, 3)")
    assert not re.search(str(rows["to_categorical with num_classes"]), "to_categorical(y)")


def main() -> int:
    pairs = _pairs()
    for group, construct, found in table():
        print(f"{group:32s} {construct:45s} {', '.join(found[:4]) or 'MISSING'}{' ...' if len(found) > 4 else ''}")
    print("\nknown gaps (no pair until lstmlint follows them):")
    for construct, why in KNOWN_GAPS.items():
        print(f"{'':32s} {construct:45s} {why}")
    print("\nowned elsewhere:")
    for construct, pattern in ELSEWHERE.items():
        found = covering(pattern, pairs)
        print(f"{'':32s} {construct:45s} {', '.join(found[:4]) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
