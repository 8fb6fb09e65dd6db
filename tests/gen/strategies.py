"""Hypothesis strategies for random Keras layer graphs, mostly valid, some with one mistake.

The generator tracks the shapes it intends (its own small model of Keras, only used to pick
arguments that make sense); the truth is always what real Keras does with the graph.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from lstmlint.layers.spec import all_specs

from .model import Graph, LayerSpec, Node, Ref

# from lstmlint's layer registry: the recurrent layers (LSTM, GRU, SimpleRNN) and the cells
# that RNN takes, with the number of states each returns
RNN_KINDS = tuple(s.name for s in all_specs() if s.traits.recurrent and s.traits.states and s.traits.sequence_rank == 3)
# ConvLSTM1D/2D/3D, by the rank of the sequence they read (4-D, 5-D, 6-D)
CONV_RNN_KINDS = {
    s.traits.sequence_rank: s.name for s in all_specs() if s.traits.recurrent and s.traits.sequence_rank > 3
}
CELL_KINDS = tuple(s.name for s in all_specs() if s.traits.cell and s.traits.states)
N_STATES = {s.name: s.traits.states for s in all_specs() if s.traits.states}
MISTAKES = (
    "bad_argument",
    "subtract_arity",
    "merge_not_list",
    "rnn_on_4d",
    "undefined_last",
    "rnn_on_2d",
    "repeat_on_3d",
    "add_mismatch",
    "concat_mismatch",
    "conv_too_long",
    "pool_too_long",
    "reshape_size",
    "dot_mismatch",
    "td_on_2d",
    "image_on_video",
    "convlstm_on_4d",
    "convlstm3d_on_5d",
    "volume_too_small",
    "attention_not_list",
)
CHAIN_MISTAKES = (
    "bad_argument",
    "rnn_on_4d",
    "undefined_last",
    "rnn_on_2d",
    "repeat_on_3d",
    "conv_too_long",
    "pool_too_long",
    "reshape_size",
    "td_on_2d",
    "image_on_video",
    "convlstm3d_on_5d",
    "volume_too_small",
)


def spec(kind: str, **params: Any) -> LayerSpec:
    return LayerSpec(kind, tuple((k, v) for k, v in params.items() if v is not _SKIP))


_SKIP = object()


class Builder:
    def __init__(self, draw: Any, chain: bool) -> None:
        self.draw = draw
        self.graph = Graph(chain=chain)
        self.shapes: dict[tuple[int, int], tuple] = {}  # intended shapes, batch included
        self.pool: list[Ref] = []  # tensors later layers may use

    # ---------------------------------------------------------------- plumbing
    def add(
        self,
        layer: LayerSpec | None,
        inputs: list[Ref],
        out: list[tuple] | None,
        is_list: bool = False,
        n_out: int = 1,
        **extra: Any,
    ) -> list[Ref]:
        node = Node(len(self.graph.nodes), layer, tuple(inputs), is_list, n_out, **extra)
        self.graph.nodes.append(node)
        refs = [Ref(node.id, i) for i in range(n_out)]
        if out is not None:
            for r, s in zip(refs, out):
                self.shapes[(r.node, r.index)] = s
            self.pool.extend(refs)
        return refs

    def shape(self, r: Ref) -> tuple:
        return self.shapes[(r.node, r.index)]

    def i(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))

    def b(self) -> bool:
        return self.draw(st.booleans())

    def pick(self, items: Any) -> Any:
        return self.draw(st.sampled_from(list(items)))

    # ---------------------------------------------------------------- inputs
    def input(self) -> Ref:
        if self.draw(st.integers(0, 9)) == 0:  # integer sequence + Embedding
            steps = self.pick([None, self.i(2, 16)])
            (r,) = self.add(None, [], None, shape=(steps,), dtype="int32")
            vocab, dim = self.i(5, 100), self.i(1, 12)
            return self.add(spec("Embedding", input_dim=vocab, output_dim=dim), [r], [(None, steps, dim)])[0]
        steps = self.draw(st.one_of(st.none(), st.integers(1, 24))) if self.i(0, 5) == 0 else self.i(3, 24)
        feats = self.i(1, 12)
        batch = self.pick([4, 8]) if self.i(0, 9) == 0 else None
        if self.i(0, 11) == 0:  # (batch, time, positions, features): TimeDistributed territory
            pos = self.i(2, 6)
            return self.add(None, [], [(batch, steps, pos, feats)], shape=(steps, pos, feats), batch=batch)[0]
        if self.i(0, 8) == 0:  # (batch, frames, rows, cols, channels): video, ConvLSTM2D and Conv3D territory
            frames = self.pick([None, self.i(2, 6)])
            rows, cols, ch = self.i(3, 9), self.i(3, 9), self.i(1, 4)
            shape = (frames, rows, cols, ch)
            return self.add(None, [], [(batch,) + shape], shape=shape, batch=batch)[0]
        if self.i(0, 19) == 0:  # (batch, frames, depth, rows, cols, channels): ConvLSTM3D territory
            frames = self.pick([None, self.i(2, 4)])
            shape = (frames, self.i(3, 5), self.i(3, 6), self.i(3, 6), self.i(1, 3))
            return self.add(None, [], [(batch,) + shape], shape=shape, batch=batch)[0]
        if self.i(0, 7) == 0:
            return self.add(None, [], [(batch, feats)], shape=(feats,), batch=batch)[0]
        return self.add(None, [], [(batch, steps, feats)], shape=(steps, feats), batch=batch)[0]

    # ---------------------------------------------------------------- layers
    def recurrent_spec(self, seq: bool, state: bool) -> tuple[LayerSpec, int, int]:
        kind = self.pick(RNN_KINDS)
        units = self.i(1, 16)
        params: dict[str, Any] = {"units": units}
        if seq or self.b():
            params["return_sequences"] = seq
        if state:
            params["return_state"] = True
        if self.i(0, 4) == 0:
            params["activation"] = self.pick(["tanh", "relu"])
        return spec(kind, **params), units, N_STATES[kind]

    def rnn_layer(self, x: Ref) -> list[Ref]:
        b, t, _ = self.shape(x)
        chain = self.graph.chain
        seq = self.b()
        state = not chain and self.i(0, 4) == 0
        choice = self.i(0, 5)
        if choice <= 2:
            layer, u, ns = self.recurrent_spec(seq, state)
            main = (b, t, u) if seq else (b, u)
            outs = [main] + [(b, u)] * (ns if state else 0)
            return self.add(layer, [x], outs, n_out=len(outs))
        if choice <= 4:
            inner, u, ns = self.recurrent_spec(seq, state and self.i(0, 1) == 0)
            state = inner.get("return_state", False)
            modes = ["concat", "sum", "ave", "mul"] + ([] if chain else [None])
            mode = self.pick(modes)
            w = 2 * u if mode == "concat" else u
            mains = [(b, t, u) if seq else (b, u)] * 2 if mode is None else [(b, t, w) if seq else (b, w)]
            outs = mains + [(b, u)] * (2 * ns if state else 0)
            params = {"layer": inner}
            if mode != "concat" or self.b():
                params["merge_mode"] = mode
            return self.add(spec("Bidirectional", **params), [x], outs, n_out=len(outs))
        # RNN(cell) or RNN([cells])
        cells = [spec(self.pick(CELL_KINDS), units=self.i(1, 12)) for _ in range(self.i(1, 3))]
        u = cells[-1].get("units")
        params = {"cell": cells[0] if len(cells) == 1 and self.b() else cells}
        if seq or self.b():
            params["return_sequences"] = seq
        main = (b, t, u) if seq else (b, u)
        if state and not isinstance(params["cell"], list):
            params["return_state"] = True
            ns = N_STATES[cells[0].kind]
            outs = [main] + [(b, u)] * ns
            return self.add(spec("RNN", **params), [x], outs, n_out=len(outs))
        return self.add(spec("RNN", **params), [x], [main])

    def seq_layer(self, x: Ref) -> list[Ref]:
        """A layer for a (batch, time, features) tensor."""
        b, t, f = self.shape(x)
        choice = self.i(0, 13)
        if choice == 12 and f is not None:
            return self.conv1d_variant(x)
        if choice == 13:
            return self.same_shape_layer(x)
        if choice <= 3 and f is not None:
            return self.rnn_layer(x)
        if choice == 4 and f is not None:
            k = self.i(1, 5) if t is None else self.i(1, min(t, 5))
            padding = self.pick(["valid", "same", "causal"])
            strides = self.pick([1, 1, 2])
            dil = 1 if strides > 1 else self.pick([1, 1, 2])
            span = dil * (k - 1) + 1
            if padding == "valid" and t is not None and span > t:
                dil = 1
                span = k
            filters = self.i(1, 16)
            if t is None:
                nt = None
            elif padding == "valid":
                nt = (t - span) // strides + 1
            else:
                nt = (t - 1) // strides + 1
            params: dict[str, Any] = {"filters": filters, "kernel_size": self.pick([k, (k,)])}
            if strides != 1 or self.b():
                params["strides"] = strides
            if padding != "valid" or self.b():
                params["padding"] = padding
            if dil != 1:
                params["dilation_rate"] = dil
            return self.add(spec("Conv1D", **params), [x], [(b, nt, filters)])
        if choice == 5:
            kind = self.pick(["MaxPooling1D", "AveragePooling1D"])
            p = self.i(1, 4) if t is None else self.i(1, max(1, min(t, 4)))
            s = self.pick([None, 1, 2, p])
            padding = self.pick(["valid", "same"])
            stride = p if s is None else s
            if t is None:
                nt = None
            elif padding == "valid":
                nt = (t - p) // stride + 1
            else:
                nt = (t - 1) // stride + 1
            params = {"pool_size": p}
            if s is not None:
                params["strides"] = s
            if padding != "valid" or self.b():
                params["padding"] = padding
            return self.add(spec(kind, **params), [x], [(b, nt, f)])
        if choice == 6:
            kind = self.pick(["GlobalMaxPooling1D", "GlobalAveragePooling1D"])
            if self.i(0, 3) == 0:
                return self.add(spec(kind, keepdims=True), [x], [(b, 1, f)])
            return self.add(spec(kind), [x], [(b, f)])
        if choice == 11 and self.b():
            extra = self.pick(["ZeroPadding1D", "Cropping1D", "UpSampling1D"])
            if extra == "ZeroPadding1D":
                pad = self.pick([1, 2, (1, 0), (0, 2)])
                lo, hi = (pad, pad) if isinstance(pad, int) else pad
                return self.add(spec(extra, padding=pad), [x], [(b, None if t is None else t + lo + hi, f)])
            if extra == "Cropping1D" and t is not None and t > 2:
                crop = self.pick([(1, 1), (0, 1), 1])
                lo, hi = (crop, crop) if isinstance(crop, int) else crop
                return self.add(spec(extra, cropping=crop), [x], [(b, t - lo - hi, f)])
            size = self.i(1, 3)
            return self.add(spec("UpSampling1D", size=size), [x], [(b, None if t is None else t * size, f)])
        if choice == 7 and f is not None:
            u = self.i(1, 16)
            if self.b():
                return self.add(spec("TimeDistributed", layer=spec("Dense", units=u)), [x], [(b, t, u)])
            return self.add(spec("Dense", units=u), [x], [(b, t, u)])
        if choice == 8:
            return self.add(spec("Flatten"), [x], [(b, None if t is None or f is None else t * f)])
        if choice == 9:
            if t is not None and f is not None and self.b():
                size = t * f
                divs = [d for d in range(1, size + 1) if size % d == 0]
                g = self.pick(divs)
                target = self.pick([(size,), (f, t), (-1, g), (size // g, g)])
                if target == (size,):
                    out = (b, size)
                elif target == (f, t):
                    out = (b, f, t)
                else:
                    out = (b, size // g, g)
                return self.add(spec("Reshape", target_shape=target), [x], [out])
            return self.add(spec("Permute", dims=(2, 1)), [x], [(b, f, t)])
        if choice == 10:
            return self.add(spec("Dropout", rate=0.1), [x], [(b, t, f)])
        return self.add(spec("SpatialDropout1D", rate=0.2), [x], [(b, t, f)])

    def vec_layer(self, x: Ref) -> list[Ref]:
        """A layer for a (batch, features) tensor."""
        b, f = self.shape(x)
        choice = self.i(0, 6)
        if choice == 6:
            return self.same_shape_layer(x)
        if choice <= 1 and f is not None:
            u = self.i(1, 16)
            if self.i(0, 3) == 0:  # EinsumDense written as a Dense (lstmlint/layers/einsum.py)
                bias = self.pick([_SKIP, "c"])
                return self.add(
                    spec("EinsumDense", equation="ab,bc->ac", output_shape=u, bias_axes=bias), [x], [(b, u)]
                )
            return self.add(spec("Dense", units=u, activation=self.pick([_SKIP, "relu"])), [x], [(b, u)])
        if choice <= 3:
            n = self.i(1, 10)
            return self.add(spec("RepeatVector", n=n), [x], [(b, n, f)])
        if choice == 4 and f is not None:
            divs = [d for d in range(1, f + 1) if f % d == 0]
            g = self.pick(divs)
            target = self.pick([(f // g, g), (-1, g), (f,)])
            out = (b, f) if target == (f,) else (b, f // g, g)
            return self.add(spec("Reshape", target_shape=target), [x], [out])
        return self.add(spec("Dropout", rate=0.3), [x], [(b, f)])

    def quad_layer(self, x: Ref) -> list[Ref]:
        """A layer for a (batch, time, positions, features) tensor."""
        b, t, p, f = self.shape(x)
        if p is None or f is None:  # e.g. after a Permute of an open time axis
            return self.add(spec("Dropout", rate=0.1), [x], [(b, t, p, f)])
        choice = self.i(0, 14)
        if choice >= 9:
            return self.image_layer(x)
        if choice <= 1:
            layer, u, _ = self.recurrent_spec(self.b(), False)
            seq = layer.get("return_sequences", False)
            return self.add(spec("TimeDistributed", layer=layer), [x], [(b, t, p, u) if seq else (b, t, u)])
        if choice == 2:
            u = self.i(1, 8)
            if self.b():
                return self.add(spec("TimeDistributed", layer=spec("Dense", units=u)), [x], [(b, t, p, u)])
            return self.add(spec("Dense", units=u), [x], [(b, t, p, u)])
        if choice == 3:
            k = self.i(1, p)
            filters = self.i(1, 8)
            conv = spec("Conv1D", filters=filters, kernel_size=k)
            return self.add(spec("TimeDistributed", layer=conv), [x], [(b, t, p - k + 1, filters)])
        if choice == 4:
            return self.add(spec("TimeDistributed", layer=spec("Flatten")), [x], [(b, t, p * f)])
        if choice == 5:
            perm = self.pick([(1, 3, 2), (2, 1, 3), (3, 2, 1)])
            dims = (t, p, f)
            return self.add(spec("Permute", dims=perm), [x], [(b,) + tuple(dims[i - 1] for i in perm)])
        if choice == 6 and t is not None:
            return self.add(spec("Reshape", target_shape=(t, p * f)), [x], [(b, t, p * f)])
        if choice == 7:  # a 2-D convolution over (time, positions)
            kt, kp = self.i(1, min(t, 3) if t is not None else 3), self.i(1, p)
            filters = self.i(1, 8)
            kernel = self.pick([kt, (kt, kp)] if kt == kp else [(kt, kp)])
            if self.b():
                conv = spec("Conv2D", filters=filters, kernel_size=kernel, padding="same")
                return self.add(conv, [x], [(b, t, p, filters)])
            out_t = None if t is None else t - kt + 1
            conv = spec("Conv2D", filters=filters, kernel_size=kernel)
            return self.add(conv, [x], [(b, out_t, p - kp + 1, filters)])
        return self.add(spec("Flatten"), [x], [(b, None if t is None else t * p * f)])

    def window(self, n: int | None, k: int, s: int, padding: str) -> int | None:
        if n is None:
            return None
        return (n - k) // s + 1 if padding == "valid" else (n - 1) // s + 1

    def image_layer(self, x: Ref) -> list[Ref]:
        """A 2-D image layer on a (batch, rows, cols, channels) tensor (rows may be open)."""
        b, r, c, f = self.shape(x)
        assert c is not None and f is not None
        choice = self.i(0, 11)
        small = min(c, r if r is not None else c)
        if choice == 10:
            return self.image_preprocessing(x)
        if choice == 11:
            return self.same_shape_layer(x)
        if choice <= 2:
            kind = self.pick(["Conv2D", "SeparableConv2D", "DepthwiseConv2D"])
            k = self.i(1, min(small, 3))
            s = self.pick([1, 1, 2])
            padding = self.pick(["valid", "same"])
            params: dict[str, Any] = {} if kind == "DepthwiseConv2D" else {"filters": self.i(1, 6)}
            params["kernel_size"] = self.pick([k, (k, k)])
            if s != 1 or self.b():
                params["strides"] = s
            if padding != "valid" or self.b():
                params["padding"] = padding
            if kind == "DepthwiseConv2D":
                dm = self.i(1, 2)
                if dm != 1:
                    params["depth_multiplier"] = dm
                out_f = f * dm
            else:
                out_f = params["filters"]
            out = (b, self.window(r, k, s, padding), self.window(c, k, s, padding), out_f)
            return self.add(spec(kind, **params), [x], [out])
        if choice == 3:
            k, s = self.i(1, 3), self.i(1, 2)
            padding = self.pick(["valid", "same"])
            if padding == "valid":
                grow = lambda n: None if n is None else (n - 1) * s + k + max(k, s) - k  # noqa: E731
            else:
                grow = lambda n: None if n is None else n * s  # noqa: E731
            params = {"filters": self.i(1, 6), "kernel_size": k, "strides": s, "padding": padding}
            return self.add(spec("Conv2DTranspose", **params), [x], [(b, grow(r), grow(c), params["filters"])])
        if choice == 4:
            kind = self.pick(["MaxPooling2D", "AveragePooling2D"])
            p = self.i(1, min(small, 3))
            padding = self.pick(["valid", "same"])
            params = {"pool_size": self.pick([p, (p, p)])}
            if padding != "valid" or self.b():
                params["padding"] = padding
            return self.add(
                spec(kind, **params), [x], [(b, self.window(r, p, p, padding), self.window(c, p, p, padding), f)]
            )
        if choice == 5:
            kind = self.pick(["GlobalMaxPooling2D", "GlobalAveragePooling2D"])
            if self.b():
                return self.add(spec(kind, keepdims=True), [x], [(b, 1, 1, f)])
            return self.add(spec(kind), [x], [(b, f)])
        if choice == 6:
            size = self.pick([2, (1, 2), (2, 1)])
            sr, sc = (size, size) if isinstance(size, int) else size
            return self.add(spec("UpSampling2D", size=size), [x], [(b, None if r is None else r * sr, c * sc, f)])
        if choice == 7:
            pad = self.pick([1, (1, 2), ((0, 1), (2, 0))])
            if isinstance(pad, int):
                (a, z), (a2, z2) = (pad, pad), (pad, pad)
            elif isinstance(pad[0], int):
                (a, z), (a2, z2) = (pad[0], pad[0]), (pad[1], pad[1])
            else:
                (a, z), (a2, z2) = pad
            return self.add(
                spec("ZeroPadding2D", padding=pad), [x], [(b, None if r is None else r + a + z, c + a2 + z2, f)]
            )
        if choice == 8 and small > 2:
            crop = self.pick([1, (1, 0), ((0, 1), (1, 0))])
            if isinstance(crop, int):
                (a, z), (a2, z2) = (crop, crop), (crop, crop)
            elif isinstance(crop[0], int):
                (a, z), (a2, z2) = (crop[0], crop[0]), (crop[1], crop[1])
            else:
                (a, z), (a2, z2) = crop
            return self.add(
                spec("Cropping2D", cropping=crop), [x], [(b, None if r is None else r - a - z, c - a2 - z2, f)]
            )
        if choice == 9 and r is not None and r > 1:  # ConvLSTM1D reads (batch, time, steps, channels)
            k = self.i(1, min(c, 3))
            seq = self.b()
            params = {"filters": self.i(1, 4), "kernel_size": k}
            if seq:
                params["return_sequences"] = True
            steps = c - k + 1
            out = (b, r, steps, params["filters"]) if seq else (b, steps, params["filters"])
            return self.add(spec(CONV_RNN_KINDS[4], **params), [x], [out])
        return self.add(spec("SpatialDropout2D", rate=0.1), [x], [(b, r, c, f)])

    def penta_layer(self, x: Ref) -> list[Ref]:
        """A layer for a (batch, frames, rows, cols, channels) tensor."""
        b, t, r, c, f = self.shape(x)
        if r is None or c is None or f is None:
            return self.add(spec("Dropout", rate=0.1), [x], [(b, t, r, c, f)])
        choice = self.i(0, 8)
        if choice == 7:
            return self.volume_layer(x)
        if choice == 8:
            return self.same_shape_layer(x)
        if choice in (0, 6) and min(r, c) >= 2 and (t is None or t >= 2) and self.b():
            kind = self.pick(["MaxPooling3D", "AveragePooling3D", "UpSampling3D"])
            if kind == "UpSampling3D":
                return self.add(spec(kind, size=(1, 2, 2)), [x], [(b, t, r * 2, c * 2, f)])
            return self.add(spec(kind, pool_size=2), [x], [(b, None if t is None else t // 2, r // 2, c // 2, f)])
        if choice <= 1:  # ConvLSTM2D
            k = self.i(1, min(r, c, 3))
            padding = self.pick(["valid", "same"])
            seq = self.b()
            params: dict[str, Any] = {"filters": self.i(1, 4), "kernel_size": k}
            if padding != "valid" or self.b():
                params["padding"] = padding
            if seq or self.b():
                params["return_sequences"] = seq
            step = (self.window(r, k, 1, padding), self.window(c, k, 1, padding), params["filters"])
            return self.add(spec(CONV_RNN_KINDS[5], **params), [x], [(b, t) + step if seq else (b,) + step])
        if choice == 2:  # a CNN on every frame
            k = self.i(1, min(r, c, 3))
            conv = spec(self.pick(["Conv2D", "SeparableConv2D"]), filters=self.i(1, 6), kernel_size=k)
            filters = conv.get("filters")
            return self.add(spec("TimeDistributed", layer=conv), [x], [(b, t, r - k + 1, c - k + 1, filters)])
        if choice == 3:
            kind = self.pick(["GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "MaxPooling2D"])
            if kind == "MaxPooling2D":
                out = (b, t, r // 2, c // 2, f) if min(r, c) >= 2 else None
                if out is not None:
                    return self.add(spec("TimeDistributed", layer=spec(kind)), [x], [out])
                kind = "Flatten"
            width = f if kind.startswith("Global") else r * c * f
            return self.add(spec("TimeDistributed", layer=spec(kind)), [x], [(b, t, width)])
        if choice == 4 and t is not None:  # a 3-D convolution over (frames, rows, cols)
            k = self.i(1, min(t, r, c, 3))
            padding = self.pick(["valid", "same"])
            params = {"filters": self.i(1, 4), "kernel_size": k, "padding": padding}
            out = tuple(self.window(n, k, 1, padding) for n in (t, r, c))
            return self.add(spec("Conv3D", **params), [x], [(b, *out, params["filters"])])
        if choice == 5:
            kind = self.pick(["GlobalAveragePooling3D", "GlobalMaxPooling3D"])
            return self.add(spec(kind), [x], [(b, f)])
        return self.add(spec("SpatialDropout3D", rate=0.2), [x], [(b, t, r, c, f)])

    def conv1d_variant(self, x: Ref) -> list[Ref]:
        """SeparableConv1D, DepthwiseConv1D or Conv1DTranspose on (batch, time, features)."""
        b, t, f = self.shape(x)
        kind = self.pick(["SeparableConv1D", "DepthwiseConv1D", "Conv1DTranspose", "adaptive"])
        if kind == "adaptive":
            return self.adaptive_pooling(x)
        k = self.i(1, 4) if t is None else self.i(1, min(t, 4))
        s = self.pick([1, 1, 2])
        padding = self.pick(["valid", "same"])
        params: dict[str, Any] = {} if kind == "DepthwiseConv1D" else {"filters": self.i(1, 6)}
        params["kernel_size"] = k
        if s != 1 or self.b():
            params["strides"] = s
        if padding != "valid" or self.b():
            params["padding"] = padding
        if kind == "Conv1DTranspose":
            nt = self.grow(t, k, s, padding)
            return self.add(spec(kind, **params), [x], [(b, nt, params["filters"])])
        width = params.get("filters", f)
        if kind == "DepthwiseConv1D" and self.b():
            params["depth_multiplier"] = self.i(2, 3)
            width = f * params["depth_multiplier"]
        return self.add(spec(kind, **params), [x], [(b, self.window(t, k, s, padding), width)])

    def grow(self, n: int | None, k: int, s: int, padding: str) -> int | None:
        """A transposed convolution's output size on one axis (no output_padding, no dilation)."""
        if n is None:
            return None
        return (n - 1) * s + k + max(k, s) - k if padding == "valid" else n * s

    def same_shape_layer(self, x: Ref) -> list[Ref]:
        """Activations, normalizations and noise: the shape passes through."""
        s = self.shape(x)
        f = s[-1]
        kind = self.pick(
            [
                "Activation",
                "ReLU",
                "LeakyReLU",
                "ELU",
                "Softmax",
                "PReLU",
                "GaussianNoise",
                "GaussianDropout",
                "AlphaDropout",
                "ActivityRegularization",
                "Identity",
                "Masking",
                "LayerNormalization",
                "BatchNormalization",
                "UnitNormalization",
                "GroupNormalization",
                "RMSNormalization",
            ]
        )
        if f is None and kind in (
            "LayerNormalization",
            "BatchNormalization",
            "GroupNormalization",
            "PReLU",
            "RMSNormalization",
        ):
            kind = "ReLU"  # their weights are sized by the last axis
        params: dict[str, Any] = {}
        if kind == "Activation":
            params["activation"] = self.pick(["relu", "tanh", "softmax"])
        elif kind == "ReLU" and self.b():
            params["max_value"] = 6.0
        elif kind == "LeakyReLU" and self.b():
            params["negative_slope"] = 0.2
        elif kind == "ELU" and self.b():
            params["alpha"] = 0.5
        elif kind == "Softmax" and self.b():
            params["axis"] = -1
        elif kind == "PReLU":
            open_axes = [i for i, d in enumerate(s) if i > 0 and d is None]
            if open_axes or self.b():  # an alpha per position needs every axis known: share the open ones
                params["shared_axes"] = open_axes or list(range(1, len(s) - 1)) or None
        elif kind in ("GaussianDropout", "AlphaDropout"):
            params["rate"] = 0.1
        elif kind == "GaussianNoise":
            params["stddev"] = 0.1
        elif kind == "ActivityRegularization":
            params["l1"] = 0.01
        elif kind == "GroupNormalization":
            params["groups"] = self.pick([g for g in range(1, f + 1) if f % g == 0])
        return self.add(spec(kind, **params), [x], [s])

    def image_preprocessing(self, x: Ref) -> list[Ref]:
        """Rescaling, Resizing, CenterCrop, the Random* augmentations on (batch, rows, cols, channels)."""
        b, r, c, f = self.shape(x)
        kind = self.pick(["Rescaling", "Resizing", "CenterCrop", "augmentation", "adaptive"])
        if kind == "augmentation":
            return self.augmentation(x)
        if kind == "adaptive":
            return self.adaptive_pooling(x)
        if kind == "Rescaling":
            return self.add(spec(kind, scale=self.pick([1 / 255, 2.0])), [x], [(b, r, c, f)])
        h = self.i(1, 8) if kind == "Resizing" or r is None else self.i(1, r)
        w = self.i(1, 8) if kind == "Resizing" else self.i(1, c)
        return self.add(spec(kind, height=h, width=w), [x], [(b, h, w, f)])

    def augmentation(self, x: Ref) -> list[Ref]:
        """The image augmentation layers (lstmlint/layers/augmentation.py): all but RandomCrop
        keep the shape; RandomCrop gives its height and width, whatever the input's."""
        b, r, c, f = self.shape(x)
        kind = self.pick(
            [
                "RandomFlip",
                "RandomRotation",
                "RandomZoom",
                "RandomTranslation",
                "RandomContrast",
                "RandomBrightness",
                "RandomCrop",
                "keras3 augmentation",
            ]
        )
        if kind == "keras3 augmentation":  # Keras 3's other augmentations: the shape passes through
            kind = self.pick(
                [
                    "AugMix",
                    "AutoContrast",
                    "CutMix",
                    "Equalization",
                    "MixUp",
                    "RandAugment",
                    "RandomColorJitter",
                    "RandomElasticTransform",
                    "RandomErasing",
                    "RandomGaussianBlur",
                    "RandomGrayscale",
                    "RandomInvert",
                    "RandomPerspective",
                    "RandomShear",
                    "Solarization",
                    "RandomHue",
                    "RandomSaturation",
                    "RandomSharpness",
                    "RandomPosterization",
                    "RandomColorDegeneration" if f == 3 else "RandomInvert",  # it needs 3 channels
                ]
            )
            needs = {"RandomPosterization": 4, "RandomHue": 0.5, "RandomSaturation": 0.5, "RandomSharpness": 0.5}
            factor = needs.get(kind, 0.5 if kind == "RandomColorDegeneration" else _SKIP)
            return self.add(spec(kind, factor=factor), [x], [(b, r, c, f)])
        if kind == "RandomCrop":
            h, w = self.i(1, 8), self.i(1, 8)
            return self.add(spec(kind, height=h, width=w), [x], [(b, h, w, f)])
        if kind == "RandomFlip":
            params: dict[str, Any] = {"mode": self.pick(["horizontal", "vertical", "horizontal_and_vertical"])}
        elif kind in ("RandomZoom", "RandomTranslation"):
            params = {"height_factor": 0.1, "width_factor": 0.2}
        else:
            params = {"factor": 0.1}
        return self.add(spec(kind, **params), [x], [(b, r, c, f)])

    def adaptive_pooling(self, x: Ref) -> list[Ref]:
        """AdaptiveAverage/MaxPooling1D/2D/3D (lstmlint/layers/adaptive_pooling.py) on (batch,
        *spatial, channels): the spatial axes become ``output_size``, whatever they were."""
        s = self.shape(x)
        n = len(s) - 2
        kind = self.pick(
            {
                1: ["AdaptiveAveragePooling1D", "AdaptiveMaxPooling1D"],
                2: ["AdaptiveAveragePooling2D", "AdaptiveMaxPooling2D"],
                3: ["AdaptiveAveragePooling3D", "AdaptiveMaxPooling3D"],
            }[n]
        )
        sizes = tuple(self.i(1, 5) for _ in range(n))
        size: Any = sizes[0] if len(set(sizes)) == 1 and self.b() else sizes
        return self.add(spec(kind, output_size=size), [x], [(s[0], *sizes, s[-1])])

    def volume_layer(self, x: Ref) -> list[Ref]:
        """Conv3DTranspose, ZeroPadding3D, Cropping3D on (batch, depth, rows, cols, channels)."""
        b, t, r, c, f = self.shape(x)
        kind = self.pick(["Conv3DTranspose", "ZeroPadding3D", "Cropping3D", "adaptive"])
        if kind == "adaptive":
            return self.adaptive_pooling(x)
        if kind == "Conv3DTranspose":
            k, s = self.i(1, 3), self.i(1, 2)
            padding = self.pick(["valid", "same"])
            params = {"filters": self.i(1, 4), "kernel_size": k, "strides": s, "padding": padding}
            out = tuple(self.grow(n, k, s, padding) for n in (t, r, c))
            return self.add(spec(kind, **params), [x], [(b, *out, params["filters"])])
        if kind == "Cropping3D" and t is not None and min(t, r, c) > 2:
            crop = self.pick([1, (0, 1, 1), ((1, 0), (0, 1), (1, 1))])
            pairs = self.amounts(crop)
            return self.add(
                spec(kind, cropping=crop), [x], [(b, *(n - lo - hi for n, (lo, hi) in zip((t, r, c), pairs)), f)]
            )
        pad = self.pick([1, (1, 0, 2), ((0, 1), (2, 0), (1, 1))])
        pairs = self.amounts(pad)
        out = tuple(None if n is None else n + lo + hi for n, (lo, hi) in zip((t, r, c), pairs))
        return self.add(spec("ZeroPadding3D", padding=pad), [x], [(b, *out, f)])

    @staticmethod
    def amounts(v: Any) -> list[tuple[int, int]]:
        """Padding or cropping per spatial axis of a 3-D layer: an int, 3 ints or 3 pairs."""
        if isinstance(v, int):
            return [(v, v)] * 3
        return [(p, p) if isinstance(p, int) else p for p in v]

    def hexa_layer(self, x: Ref) -> list[Ref]:
        """ConvLSTM3D on (batch, frames, depth, rows, cols, channels)."""
        b, t, d, r, c, f = self.shape(x)
        if self.i(0, 4) == 0:
            return self.add(spec("Dropout", rate=0.1), [x], [(b, t, d, r, c, f)])
        k = self.i(1, min(d, r, c, 3))
        padding = self.pick(["valid", "same"])
        seq = self.b()
        params: dict[str, Any] = {"filters": self.i(1, 3), "kernel_size": k}
        if padding != "valid" or self.b():
            params["padding"] = padding
        if seq:
            params["return_sequences"] = True
        step = (*(self.window(n, k, 1, padding) for n in (d, r, c)), params["filters"])
        return self.add(spec(CONV_RNN_KINDS[6], **params), [x], [(b, t) + step if seq else (b,) + step])

    def attention(self, a: Ref) -> list[Ref]:
        """Attention / AdditiveAttention on [query, value], MultiHeadAttention(query, value)."""
        s = self.shape(a)
        kind = self.pick(["Attention", "AdditiveAttention", "MultiHeadAttention"])
        if kind == "MultiHeadAttention":
            v = self.partner(s, keep_last=False, axis=1)
            layer = spec(kind, num_heads=self.i(1, 3), key_dim=self.i(1, 6))
            return self.add(layer, [a, v], [s], spread=True)
        v = self.partner(s, axis=1)
        params = {"use_scale": True} if self.b() else {}
        return self.add(spec(kind, **params), [a, v], [s], is_list=True)

    def single(self, x: Ref) -> list[Ref]:
        s = self.shape(x)
        if len(s) == 6:
            return self.hexa_layer(x)
        if len(s) == 5:
            return self.penta_layer(x)
        if len(s) == 4:
            return self.quad_layer(x)
        if len(s) == 3 and self.i(0, 19) == 0 and s[-1] is not None:
            dim = self.i(1, 6)
            return self.add(spec("Embedding", input_dim=self.i(5, 50), output_dim=dim), [x], [s + (dim,)])
        if len(s) == 3:
            return self.seq_layer(x)
        if len(s) == 2:
            return self.vec_layer(x)
        return self.add(spec("Flatten"), [x], [(s[0], None)])

    # ---------------------------------------------------------------- merges
    def partner(self, target: tuple, keep_last: bool = True, axis: int | None = None) -> Ref:
        """A tensor of the same shape as ``target`` (or differing on ``axis``), made with Dense."""
        rank = len(target)
        if axis is None:
            same = [r for r in self.pool if self.shape(r) == target]
            if same and self.b():
                return self.pick(same)
        cands = [
            r
            for r in self.pool
            if len(self.shape(r)) == rank
            and self.shape(r)[-1] is not None
            and (axis == 1 or self.shape(r)[1:-1] == target[1:-1])
        ]
        src = self.pick(cands) if cands else None
        if src is None:
            raise _NoPartner()
        s = self.shape(src)
        if axis == 1:  # concatenate on time: same features, any length
            last = target[-1]
            return self.add(spec("Dense", units=last), [src], [s[:-1] + (last,)])[0]
        u = target[-1] if keep_last else self.i(1, 12)
        return self.add(spec("Dense", units=u), [src], [s[:-1] + (u,)])[0]

    def merge(self) -> list[Ref]:
        a = self.pick(self.pool)
        s = self.shape(a)
        if len(s) not in (2, 3) or s[-1] is None:
            raise _NoPartner()
        kind = self.pick(
            [
                "Add",
                "Subtract",
                "Multiply",
                "Average",
                "Maximum",
                "Minimum",
                "Concatenate",
                "Concatenate",
                "Dot",
                "broadcast",
                "attention",
            ]
        )
        if kind == "attention":
            if len(s) != 3:
                raise _NoPartner()
            return self.attention(a)
        if kind == "broadcast":  # Keras builds it (a warning for lstmlint)
            if len(s) != 3:
                raise _NoPartner()
            if self.b():
                v = self.add(spec("GlobalMaxPooling1D", keepdims=True), [a], [(s[0], 1, s[2])])[0]
            else:
                v = self.add(spec("GlobalMaxPooling1D"), [a], [(s[0], s[2])])[0]
            pair = [a, v] if self.b() else [v, a]
            return self.add(spec(self.pick(["Add", "Multiply", "Maximum"])), pair, [s], is_list=True)
        if kind == "Concatenate":
            if len(s) == 3 and s[1] is not None and self.b():
                others = [self.partner(s, axis=1) for _ in range(self.i(1, 2))]
                lengths = [s[1]] + [self.shape(o)[1] for o in others]
                total = None if None in lengths else sum(lengths)
                return self.add(
                    spec("Concatenate", axis=self.pick([1, -2])), [a, *others], [(s[0], total, s[2])], is_list=True
                )
            others = [self.partner(s, keep_last=False) for _ in range(self.i(1, 2))]
            total = s[-1] + sum(self.shape(o)[-1] for o in others)
            params = {"axis": -1} if self.b() else {}
            return self.add(spec("Concatenate", **params), [a, *others], [s[:-1] + (total,)], is_list=True)
        if kind == "Dot":
            if len(s) == 2:
                o = self.partner(s)
                return self.add(spec("Dot", axes=self.pick([1, -1, (1, 1)])), [a, o], [(s[0], 1)], is_list=True)
            o = self.partner(s, keep_last=False) if s[1] is not None else None
            if o is not None and self.b():  # contract time
                return self.add(spec("Dot", axes=(1, 1)), [a, o], [(s[0], s[2], self.shape(o)[2])], is_list=True)
            cands = [r for r in self.pool if len(self.shape(r)) == 3 and self.shape(r)[-1] is not None]
            src = self.pick(cands)
            o = self.add(spec("Dense", units=s[2]), [src], [self.shape(src)[:2] + (s[2],)])[0]
            return self.add(
                spec("Dot", axes=self.pick([2, -1, (2, 2)])), [a, o], [(s[0], s[1], self.shape(o)[1])], is_list=True
            )
        n = 2 if kind == "Subtract" else self.i(2, 3)
        others = [self.partner(s) for _ in range(n - 1)]
        return self.add(spec(kind), [a, *others], [s], is_list=True)

    def reuse(self) -> list[Ref]:
        """Apply an earlier layer object again, to another tensor of the same shape (shared weights)."""
        cands = []
        for n in self.graph.nodes:
            if n.layer is None or n.is_list or n.n_out != 1 or len(n.inputs) != 1 or n.shared_from is not None:
                continue
            if (n.id, 0) not in self.shapes or (n.inputs[0].node, n.inputs[0].index) not in self.shapes:
                continue
            src_shape = self.shape(n.inputs[0])
            same = [r for r in self.pool if self.shape(r) == src_shape]
            if same:
                cands.append((n, same))
        if not cands:
            raise _NoPartner()
        n, same = self.pick(cands)
        return self.add(n.layer, [self.pick(same)], [self.shape(Ref(n.id, 0))], shared_from=n.id)

    # ---------------------------------------------------------------- mistakes
    def mistake(self, kind: str) -> None:
        """Add one layer application Keras refuses (its outputs are not used further)."""
        vecs = [r for r in self.pool if len(self.shape(r)) == 2]
        seqs = [r for r in self.pool if len(self.shape(r)) == 3 and self.shape(r)[-1] is not None]
        if kind in ("rnn_on_2d", "td_on_2d") and not vecs and seqs:
            s0 = self.pick(seqs)
            vecs = [self.add(spec("GlobalAveragePooling1D"), [s0], [(None, self.shape(s0)[2])])[0]]
        if kind == "undefined_last":  # a Dense or LSTM on a tensor whose last axis is None
            open_time = [r for r in self.pool if len(self.shape(r)) == 3 and self.shape(r)[1] is None]
            if not open_time:
                return
            x = self.pick(open_time)
            if self.b():
                y = self.add(spec("Permute", dims=(2, 1)), [x], [(None, None, None)])[0]
                consumer = self.recurrent_spec(False, False)[0] if self.b() else spec("Dense", units=self.i(1, 8))
            else:
                y = self.add(spec("Flatten"), [x], [(None, None)])[0]
                consumer = spec("Dense", units=self.i(1, 8))
            self.pool.remove(y)
            self.add(consumer, [y], None)
        elif kind == "bad_argument":  # arguments Keras refuses (regressions of the differential suite)
            seqs3 = [r for r in self.pool if len(self.shape(r)) == 3]
            if not seqs3:
                return
            x = self.pick(seqs3)
            layer = self.pick(
                [
                    spec("Conv1D", filters=4, kernel_size=self.pick([0, -1, (0,), (3, 3)])),
                    spec("Conv1D", filters=4, kernel_size=2, strides=0),
                    spec("Conv1D", filters=4, kernel_size=2, dilation_rate=0),
                    spec(self.pick(["MaxPooling1D", "AveragePooling1D"]), pool_size=self.pick([0, -2])),
                    spec("MaxPooling1D", pool_size=2, strides=0),
                    spec(
                        self.pick(["MaxPooling1D", "AveragePooling1D"]),
                        pool_size=2,
                        padding=self.pick(["causal", "Same", "VALID"]),
                    ),
                    spec("Conv1D", filters=4, kernel_size=2, padding=self.pick(["full", "Same", "CAUSAL"])),
                    spec("UpSampling1D", size=self.pick([0, -1])),
                    spec("ZeroPadding1D", padding=self.pick([-1, (1, -2)])),
                    spec("Cropping1D", cropping=self.pick([-1, (-1, 0)])),
                ]
            )
            self.add(layer, [x], None)
        elif kind == "subtract_arity":
            cands = [r for r in self.pool if len(self.shape(r)) in (2, 3) and self.shape(r)[-1] is not None]
            if cands:
                a = self.pick(cands)
                self.add(spec("Subtract"), [a, a, a], None, is_list=True)
        elif kind == "merge_not_list":
            self.add(spec(self.pick(["Add", "Concatenate", "Multiply"])), [self.pick(self.pool)], None)
        elif kind == "rnn_on_4d":
            quads = [r for r in self.pool if len(self.shape(r)) == 4]
            if quads:
                self.add(self.recurrent_spec(self.b(), False)[0], [self.pick(quads)], None)
        elif kind == "rnn_on_2d" and vecs:
            layer, _, _ = self.recurrent_spec(self.b(), False)
            if self.b():
                layer = spec("Bidirectional", layer=layer)
            self.add(layer, [self.pick(vecs)], None)
        elif kind == "image_on_video":  # an image layer on frames, without TimeDistributed
            videos = [r for r in self.pool if len(self.shape(r)) == 5]
            if videos:
                layer = self.pick(
                    [
                        spec("Conv2D", filters=self.i(1, 4), kernel_size=1),
                        spec("GlobalAveragePooling2D"),
                        spec("MaxPooling2D", pool_size=1),
                        spec("SeparableConv2D", filters=2, kernel_size=1),
                    ]
                )
                self.add(layer, [self.pick(videos)], None)
        elif kind == "convlstm3d_on_5d":  # a ConvLSTM3D on (batch, frames, rows, cols, channels)
            videos = [r for r in self.pool if len(self.shape(r)) == 5]
            if videos:
                self.add(spec(CONV_RNN_KINDS[6], filters=self.i(1, 4), kernel_size=1), [self.pick(videos)], None)
        elif kind == "volume_too_small":  # a 3-D window larger than a known spatial axis
            volumes = [r for r in self.pool if len(self.shape(r)) == 5 and None not in self.shape(r)[1:]]
            if volumes:
                x = self.pick(volumes)
                too_big = min(self.shape(x)[1:4]) + self.i(1, 2)
                layer = self.pick(
                    [
                        spec("Conv3D", filters=self.i(1, 4), kernel_size=too_big),
                        spec(self.pick(["MaxPooling3D", "AveragePooling3D"]), pool_size=too_big),
                        spec("Cropping3D", cropping=((self.shape(x)[1] + 1) // 2, 0, 0)),
                    ]
                )
                self.add(layer, [x], None)
        elif kind == "attention_not_list":  # Attention on one tensor instead of [query, value]
            seqs = [r for r in self.pool if len(self.shape(r)) == 3 and self.shape(r)[-1] is not None]
            if seqs:
                self.add(spec(self.pick(["Attention", "AdditiveAttention"])), [self.pick(seqs)], None)
        elif kind == "convlstm_on_4d":  # a ConvLSTM2D on (batch, time, positions, features)
            quads = [r for r in self.pool if len(self.shape(r)) == 4]
            if quads:
                self.add(spec(CONV_RNN_KINDS[5], filters=self.i(1, 4), kernel_size=1), [self.pick(quads)], None)
        elif kind == "td_on_2d" and vecs:
            self.add(spec("TimeDistributed", layer=spec("Dense", units=self.i(1, 8))), [self.pick(vecs)], None)
        elif kind == "repeat_on_3d" and seqs:
            self.add(spec("RepeatVector", n=self.i(1, 6)), [self.pick(seqs)], None)
        elif kind in ("conv_too_long", "pool_too_long"):
            known = [r for r in seqs if self.shape(r)[1] is not None]
            if not known:
                return
            x = self.pick(known)
            t = self.shape(x)[1]
            if kind == "conv_too_long":
                self.add(spec("Conv1D", filters=self.i(1, 8), kernel_size=t + self.i(1, 3)), [x], None)
            else:
                self.add(spec("MaxPooling1D", pool_size=t + self.i(1, 3)), [x], None)
        elif kind == "reshape_size":
            full = [r for r in self.pool if None not in self.shape(r)[1:]]
            if not full:
                return
            x = self.pick(full)
            size = 1
            for d in self.shape(x)[1:]:
                size *= d
            self.add(spec("Reshape", target_shape=(size + self.i(1, 5),)), [x], None)
        elif kind == "add_mismatch":
            cands = [r for r in self.pool if self.shape(r)[-1] is not None and self.shape(r)[-1] > 1]
            if not cands:
                return
            a = self.pick(cands)
            s = self.shape(a)
            bad = [
                r
                for r in self.pool
                if len(self.shape(r)) == len(s)
                and self.shape(r)[-1] is not None
                and self.shape(r)[-1] not in (1, s[-1])
                and self.shape(r)[1:-1] == s[1:-1]
            ]
            if not bad:
                src = self.pick(cands)
                u = s[-1] + self.i(1, 4)
                bad = [self.add(spec("Dense", units=u), [src], [self.shape(src)[:-1] + (u,)])[0]]
                if self.shape(bad[0])[1:-1] != s[1:-1]:
                    return
            self.add(
                spec(self.pick(["Add", "Multiply", "Subtract", "Average"])), [a, self.pick(bad)], None, is_list=True
            )
        elif kind == "concat_mismatch":
            if not (vecs and seqs):
                return
            pair = [self.pick(seqs), self.pick(vecs)]
            if self.b():
                pair.reverse()
            self.add(spec("Concatenate"), pair, None, is_list=True)
        elif kind == "dot_mismatch":
            cands = [r for r in self.pool if len(self.shape(r)) == 2 and self.shape(r)[-1] is not None]
            if not cands:
                return
            a = self.pick(cands)
            f = self.shape(a)[-1]
            o = self.add(spec("Dense", units=f + self.i(1, 3)), [a], [(None, None)])[0]
            self.pool.remove(o)  # not used further
            self.add(spec("Dot", axes=1), [a, o], None, is_list=True)


class _NoPartner(Exception):
    pass


@st.composite
def graphs(draw: Any, max_layers: int = 8) -> Graph:
    chain = draw(st.integers(0, 9)) < 4
    bld = Builder(draw, chain)
    x = bld.input()
    if not chain and draw(st.integers(0, 3)) == 0:
        bld.input()  # a second input: merges may join the two
    n_layers = draw(st.integers(1, max_layers))
    mistake = draw(st.sampled_from(CHAIN_MISTAKES if chain else MISTAKES)) if draw(st.integers(0, 99)) < 25 else None
    at = draw(st.integers(0, n_layers)) if mistake else -1
    for step in range(n_layers + 1):
        if mistake and step >= at and bld.graph.mistake is None:
            # the mistake goes in at its step, or at the first later step where it fits
            before = len(bld.graph.nodes)
            if chain:
                saved, bld.pool = bld.pool, [x]
                bld.mistake(mistake)
                bld.pool = saved
            else:
                bld.mistake(mistake)
            if len(bld.graph.nodes) > before:
                bld.graph.mistake = mistake
                if chain or draw(st.booleans()):
                    break
        if step == n_layers:
            break
        if chain:
            x = bld.single(x)[0]
            if len(bld.shape(x)) not in (2, 3, 4, 5, 6):
                break
        else:
            if bld.pool and draw(st.integers(0, 3)) == 0:
                try:
                    bld.merge()
                except _NoPartner:
                    pass
                continue
            if draw(st.integers(0, 7)) == 0:
                try:
                    bld.reuse()
                except _NoPartner:
                    pass
                continue
            src = draw(st.sampled_from([r for r in bld.pool if len(bld.shape(r)) in (2, 3, 4, 5, 6)] or [x]))
            bld.single(src)
    if len(bld.graph.nodes) == 1 or bld.graph.nodes[-1].layer is None:
        last = bld.graph.nodes[-1]
        bld.add(spec("Dropout", rate=0.5), [Ref(last.id, 0)], [bld.shape(Ref(last.id, 0))])
    if chain:
        # a chain must stay a chain: only single-output layers fed by the previous one
        for prev, node in zip(bld.graph.nodes, bld.graph.nodes[1:]):
            assert node.inputs == (Ref(prev.id, 0),) and node.n_out == 1, "generator bug: not a chain"
    return bld.graph
