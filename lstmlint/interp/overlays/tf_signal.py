"""``tf.signal`` on Keras tensors: the framing functions audio layers (kapre) build on.

TensorFlow's static shapes, measured with TF 2.21 (``tf.function`` traced on ``TensorSpec``
inputs; the sizes of the last axis ``n``, ``frame_length`` ``L``, ``frame_step`` ``s``):

* ``tf.signal.frame(signal, L, s, pad_end=False, axis=-1)``: the axis becomes two,
  ``frames`` and ``L``; ``frames = max(0, 1 + (n - L) // s)``, or ``ceil(n / s)`` with
  ``pad_end`` (``(None, 2, 16000)`` with 1000, 256 gives ``(None, 2, 59, 1000)``, padded
  ``(None, 2, 63, 1000)``; 999 samples give 0 frames unpadded, 4 padded).
* ``tf.signal.stft(signals, L, s, fft_length=None, pad_end=False)``: ``[..., n]`` becomes
  ``[..., frames, fft_length // 2 + 1]``, ``fft_length`` defaulting to the smallest power of 2
  ``>= L`` (1000 -> 1024 -> 513 bins, 400 -> 257; ``fft_length=1000`` -> 501).
* ``tf.signal.inverse_stft(stfts, L, s, fft_length=None)``: ``[..., frames, bins]`` becomes
  ``[..., (frames - 1) * s + L]`` (61 frames, 1000, 256 -> 16360, whatever ``fft_length``).
* ``tf.signal.overlap_and_add(signal, s)``: ``[..., frames, L]`` becomes
  ``[..., (frames - 1) * s + L]``.
* ``tf.signal.mfccs_from_log_mel_spectrograms(x)``: the shape of ``x`` (rank 1 or more); when
  the last axis is known at run time only, every size is (``(None, 3, None)`` gives
  ``(None, None, None)``).
* ``tf.signal.linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, ...)``: an
  eager matrix ``(num_spectrogram_bins, num_mel_bins)``, data like a NumPy array
  (``mel_matrix``).

* ``tf.signal.fft``/``ifft``/``fft2d``/``ifft2d``/``fft3d``/``ifft3d``: the input's shape.
* ``tf.signal.rfft(x, fft_length=None)`` (and ``rfft2d``/``rfft3d`` on the last 2/3 axes): the
  inner axes become ``fft_length[:-1]`` and the last ``fft_length[-1] // 2 + 1``; without
  ``fft_length`` the axes' own sizes are the lengths (``(None, 4, 10)``: 20 -> ``(None, 4, 11)``,
  7 -> ``(None, 4, 4)``, 4 -> ``(None, 4, 3)``, none -> ``(None, 4, 6)``).
* ``tf.signal.irfft(x, fft_length=None)`` (and ``irfft2d``/``irfft3d``): the transformed axes
  become ``fft_length``; without it the inner axes stay and the last ``m`` becomes ``2 * (m - 1)``
  (``(None, 4, 11)``: 20 -> ``(None, 4, 20)``, 7 -> ``(None, 4, 7)``, none -> ``(None, 4, 20)``).
  TensorFlow pads or crops the transformed axes to the lengths first: when one of them, or a
  length, is known at run time only (``None``), the padding is computed and every other axis
  becomes ``None``, and the transformed axes keep only lengths given as ints (``rfft`` of
  ``(None, 4, None)`` gives ``(None, None, None)``, with ``fft_length=[20]``
  ``(None, None, 11)``). A length read from a known axis (``[2 * tf.shape(x)[1]]`` of 10) is
  that size, as everywhere (TensorFlow itself folds it to 11 bins but loses the other axes:
  lstmlint keeps them); a length the analysis does not know leaves the other sizes unknown.

On a tensor of unknown rank each of them is understood, and its result is as unknown as that
input, for the input's reason (TensorFlow's own static shape is unknown there too, even for
``stft``).

A size TensorFlow knows only at run time (``None``) stays ``None``; anything not a plain int
(a symbol, an unknown) makes that size unknown.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from lstmlint.graph.model import Tensor
from lstmlint.interp import explain
from lstmlint.interp.overlays.values import ArrayValue
from lstmlint.interp.values import NOT_FOLLOWED, Arg, bind_arguments
from lstmlint.shapes import UNKNOWN, Shape, Sym, is_int
from lstmlint.shapes.dims import arith

_PARAMS = {
    "frame": ("signal", "frame_length", "frame_step", "pad_end", "pad_value", "axis", "name"),
    "stft": ("signals", "frame_length", "frame_step", "fft_length", "window_fn", "pad_end", "name"),
    "inverse_stft": ("stfts", "frame_length", "frame_step", "fft_length", "window_fn", "name"),
    "overlap_and_add": ("signal", "frame_step", "name"),
    "mfccs_from_log_mel_spectrograms": ("log_mel_spectrograms", "name"),
}
# ``tf.signal.<name>`` -> (number of transformed axes, real-input / real-output / complex)
_FFTS = {
    "fft": (1, "c"),
    "ifft": (1, "c"),
    "fft2d": (2, "c"),
    "ifft2d": (2, "c"),
    "fft3d": (3, "c"),
    "ifft3d": (3, "c"),
    "rfft": (1, "r"),
    "rfft2d": (2, "r"),
    "rfft3d": (3, "r"),
    "irfft": (1, "i"),
    "irfft2d": (2, "i"),
    "irfft3d": (3, "i"),
}
for _name, (_, _kind) in _FFTS.items():
    _PARAMS[_name] = ("input", "name") if _kind == "c" else ("input_tensor", "fft_length", "name")
_MEL_PARAMS = (
    "num_mel_bins",
    "num_spectrogram_bins",
    "sample_rate",
    "lower_edge_hertz",
    "upper_edge_hertz",
    "dtype",
    "name",
)


def _positive(value: Any) -> bool:
    """A size TensorFlow accepts here (it refuses 0 and negative lengths and steps)."""
    return is_int(value) and value > 0


def _frames(n: Any, length: Any, step: Any, pad_end: Any) -> Any:
    if n is None:
        return None
    if not (is_int(n) and _positive(length) and _positive(step)) or not isinstance(pad_end, bool):
        return UNKNOWN
    if pad_end:
        return -(-n // step)
    return max(0, 1 + (n - length) // step)


def _fft_bins(fft_length: Any, length: Any) -> Any:
    if fft_length is None:
        if not _positive(length) or length > 1 << 40:
            return UNKNOWN
        fft_length = 1 << (length - 1).bit_length()
    return fft_length // 2 + 1 if _positive(fft_length) else UNKNOWN


def _overlap(frames: Any, step: Any, length: Any) -> Any:
    if frames is None:
        return None
    if not (_positive(frames) and _positive(step) and _positive(length)):
        return UNKNOWN
    return (frames - 1) * step + length


def _length(value: Any) -> Any:
    """One entry of ``fft_length``: a positive int, ``None`` (known at run time only), a named
    size; UNKNOWN for anything else."""
    if value is None or isinstance(value, Sym) or _positive(value):
        return value
    return UNKNOWN


def _fft_axes(kind: str, axes: list[Any], fft_length: Any) -> list[Any] | None:
    """The sizes of the transformed axes after an FFT of ``kind`` (see ``_FFTS``); None when
    ``fft_length`` is not one length per transformed axis."""
    if kind == "c":
        return axes
    n = len(axes)
    if fft_length is None:
        if kind == "r":
            lengths = axes
        else:  # irfft: the inner axes' sizes, and 2 * (m - 1) for the last
            lengths = axes[:-1] + [arith("*", 2, arith("-", axes[-1], 1))]
    elif isinstance(fft_length, (list, tuple)) and len(fft_length) == n:
        lengths = [_length(v) for v in fft_length]
    else:
        return None
    if kind == "i":
        return lengths
    return lengths[:-1] + [arith("+", arith("//", lengths[-1], 2), 1)]


def _fft_dims(kind: str, n: int, dims: list[Any], fft_length: Any) -> tuple[Any, ...] | None:
    """The whole shape after an FFT of ``kind`` over the last ``n`` of ``dims``; None when not
    followed. TensorFlow pads or crops the transformed axes to the lengths first: when an input
    axis or a length is known at run time only (``None``), that padding is computed and its
    static shape loses every other axis, and the transformed axes keep only lengths given as
    ints (TF 2.21: ``rfft`` of ``(None, 4, None)`` is ``(None, None, None)``, with
    ``fft_length=[20]`` ``(None, None, 11)``). A length the analysis does not know leaves the
    other axes unknown too."""
    if len(dims) < n:
        return None
    given = dims[-n:]
    axes = _fft_axes(kind, given, fft_length)
    if axes is None:
        return None
    outer = dims[:-n]
    if kind == "c":
        return tuple(outer + axes)
    lengths = list(fft_length) if isinstance(fft_length, (list, tuple)) else given
    if any(v is None for v in given) or any(v is None for v in lengths):
        if not isinstance(fft_length, (list, tuple)) or any(v is None for v in lengths):
            axes = [None] * n
        return tuple([None] * len(outer) + axes)
    if any(_length(v) is UNKNOWN for v in lengths):
        outer = [None if d is None else UNKNOWN for d in outer]  # TensorFlow's None stays None
    return tuple(outer + axes)


def signal_result(short: str, args: list[Arg], node: cst.CSTNode | None = None) -> Any:
    """The tensor ``tf.signal.<short>(...)`` gives when its input is a Keras tensor of known
    rank (an FFT of data, an eager tensor of known shape, gives that data's transform);
    NOT_FOLLOWED otherwise."""
    params = _PARAMS.get(short)
    bound = bind_arguments(params, args) if params is not None else None
    if params is None or bound is None:
        return NOT_FOLLOWED
    x = bound.get(params[0])
    if short in _FFTS and isinstance(x, ArrayValue):
        n, kind = _FFTS[short]
        data = _fft_dims(kind, n, list(x.dims), bound.get("fft_length"))
        return NOT_FOLLOWED if data is None else ArrayValue(data, node)
    if isinstance(x, Tensor) and x.shape.dims is None:
        causes = explain.lost_reasons_of([x])
        return Tensor.unknown(x.poisoned, causes[0] if causes else None)
    if not isinstance(x, Tensor) or x.shape.dims is None or not x.shape.dims:
        return NOT_FOLLOWED
    dims = list(x.shape.dims)
    if short in _FFTS:
        n, kind = _FFTS[short]
        found = _fft_dims(kind, n, dims, bound.get("fft_length"))
        return NOT_FOLLOWED if found is None else Tensor(Shape(found), None, 0, x.poisoned)
    if short == "mfccs_from_log_mel_spectrograms":
        last = dims[-1]
        if not is_int(last):
            dims = [last] * len(dims)  # TensorFlow loses every size with the DCT's length
        return Tensor(Shape(tuple(dims)), None, 0, x.poisoned)
    length, step = bound.get("frame_length"), bound.get("frame_step")
    if short == "frame":
        axis = bound.get("axis", -1)
        if not is_int(axis) or not -len(dims) <= axis < len(dims):
            return NOT_FOLLOWED
        axis %= len(dims)
        frames = _frames(dims[axis], length, step, bound.get("pad_end", False))
        dims[axis : axis + 1] = [frames, length if _positive(length) else UNKNOWN]
    elif short == "stft":
        frames = _frames(dims[-1], length, step, bound.get("pad_end", False))
        dims[-1:] = [frames, _fft_bins(bound.get("fft_length"), length)]
    elif short == "inverse_stft":
        if len(dims) < 2:
            return NOT_FOLLOWED
        dims[-2:] = [_overlap(dims[-2], step, length)]
    else:  # overlap_and_add
        if len(dims) < 2:
            return NOT_FOLLOWED
        dims[-2:] = [_overlap(dims[-2], bound.get("frame_step"), dims[-1])]
    return Tensor(Shape(tuple(dims)), None, 0, x.poisoned)


def mel_matrix(args: list[Arg], node: cst.CSTNode) -> Any:
    """``tf.signal.linear_to_mel_weight_matrix(...)``: an eager matrix of shape
    ``(num_spectrogram_bins, num_mel_bins)`` (defaults 129 and 20, measured in TF 2.21);
    NOT_FOLLOWED when a size is not a known positive int."""
    bound = bind_arguments(_MEL_PARAMS, args)
    if bound is None:
        return NOT_FOLLOWED
    mels, bins = bound.get("num_mel_bins", 20), bound.get("num_spectrogram_bins", 129)
    if not (_positive(mels) and _positive(bins)):
        return NOT_FOLLOWED
    return ArrayValue((bins, mels), node)
