"""An eesim model file (.eem) rebuilt in PyTorch from nothing but the file format's description
(README, "The model file"): the reference that eesim's own numerics are checked against
(torch-crosscheck.py) and timed against (bench/forward-speed.py).

    model = EesimModel.load(torch, "models/fmnist-me4.eem")
    logits = model(images)        # a tuple: every exit's logits, in order

Reads format versions 1 and 2: layer graphs (`inputs=`), every layer type of the README's layer
table, bottlenecks (encoder and decoder, run noiselessly between segments, as `eesim model eval`
does) and the `preprocess` line (`model.preprocess(pixels)` turns raw bytes into the input).
"""
import struct
import sys
import zlib

VERSIONS = (1, 2)
LISTS = ("body", "exit", "encoder", "decoder")


class ModelFileError(Exception):
    pass


def read_model_file(path):
    """(format version, header lines, float32 values) after checking magic, version and CRC."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"EESIMMEM":
        raise ModelFileError(f"{path}: not an eesim model file")
    version, header_len = struct.unpack_from("<II", data, 8)
    if version not in VERSIONS:
        raise ModelFileError(f"{path}: unsupported format version {version}")
    header = data[16:16 + header_len].decode("utf-8")
    (count,) = struct.unpack_from("<Q", data, 16 + header_len)
    start = 24 + header_len
    values = struct.unpack_from(f"<{count}f", data, start)
    (crc,) = struct.unpack_from("<I", data, start + 4 * count)
    if zlib.crc32(data[:start + 4 * count]) != crc:
        raise ModelFileError(f"{path}: checksum mismatch")
    return version, header.splitlines(), values


def parse_layer(text):
    """('conv2d', {attribute: float}, [inputs] or None) from `conv2d in_channels=1 ... inputs=-1,4`."""
    fields = text.split()
    attrs, inputs = {}, None
    for item in fields[1:]:
        key, value = item.split("=", 1)
        if key == "inputs":
            inputs = [int(v) for v in value.split(",")]
        else:
            attrs[key] = float(value)
    return fields[0], attrs, inputs


def parse_preprocess(text):
    """{'divisor', 'mean', 'std', 'bgr'} from the header's `preprocess` line (without keyword)."""
    spec = {"divisor": 255.0, "mean": None, "std": None, "bgr": False}
    for item in text.split():
        key, value = item.split("=", 1)
        if key == "divisor":
            spec["divisor"] = float(value)
        elif key in ("mean", "std"):
            spec[key] = [float(v) for v in value.split(",")]
        elif key == "order":
            spec["bgr"] = value == "bgr"
    return spec


def layer_values(kind, a):
    """How many stored values a layer holds, in its order (weight, bias or the 4 BN vectors)."""
    if kind == "conv2d":
        groups = int(a.get("groups", 1))
        cin, cout, k = int(a["in_channels"]), int(a["out_channels"]), int(a["kernel"])
        return [(cout, cin // groups, k, k), (cout,)]
    if kind == "linear":
        return [(int(a["out_features"]), int(a["in_features"])), (int(a["out_features"]),)]
    if kind == "batch_norm":
        c = int(a["channels"])
        return [(c,)] * 4
    return []


def make_op(torch, kind, a, params):
    """A function of a list of input tensors computing one eesim layer on a batch."""
    F = torch.nn.functional
    get = a.get
    if kind == "conv2d":
        w, b = params
        return lambda x: F.conv2d(x[0], w, b, stride=int(get("stride", 1)),
                                  padding=int(get("padding", 0)),
                                  dilation=int(get("dilation", 1)), groups=int(get("groups", 1)))
    if kind == "linear":
        w, b = params
        return lambda x: F.linear(x[0], w, b)
    if kind == "batch_norm":
        gamma, beta, mean, var = params
        return lambda x: F.batch_norm(x[0], mean, var, gamma, beta, False, 0.0,
                                      get("epsilon", 1e-5))
    if kind == "relu":
        return lambda x: torch.relu(x[0])
    if kind == "sigmoid":
        return lambda x: torch.sigmoid(x[0])
    if kind == "hard_sigmoid":
        alpha, beta = get("alpha", 0.2), get("beta", 0.5)
        return lambda x: torch.clamp(alpha * x[0] + beta, 0.0, 1.0)
    if kind == "hard_swish":
        return lambda x: F.hardswish(x[0])
    if kind == "clip":
        lo, hi = get("min", -3.4028234663852886e38), get("max", 3.4028234663852886e38)
        return lambda x: torch.clamp(x[0], lo, hi)
    if kind in ("max_pool", "avg_pool"):
        k = int(a["kernel"])
        s, p, ceil = int(get("stride", k)), int(get("padding", 0)), bool(get("ceil_mode", 0))
        if kind == "max_pool":
            return lambda x: F.max_pool2d(x[0], k, s, p, ceil_mode=ceil)
        include = bool(get("count_include_pad", 0))
        return lambda x: F.avg_pool2d(x[0], k, s, p, ceil_mode=ceil, count_include_pad=include)
    if kind == "global_avg_pool":
        return lambda x: x[0].mean(dim=(2, 3), keepdim=True)
    if kind == "flatten":
        return lambda x: x[0].flatten(1)
    if kind == "pad":
        sides = tuple(int(get(s, 0)) for s in ("left", "right", "top", "bottom"))
        return lambda x: F.pad(x[0], sides)
    if kind == "power_normalize":
        def power_normalize(x):
            flat = x[0].flatten(1)
            energy = (flat.double() ** 2).sum(dim=1).clamp(min=1e-12)
            scale = torch.sqrt(flat.shape[1] / energy).to(flat.dtype)
            return x[0] * scale.reshape((-1,) + (1,) * (x[0].dim() - 1))
        return power_normalize
    if kind == "add":
        return lambda x: sum(x[1:], x[0])
    if kind == "concat":
        return lambda x: torch.cat(x, dim=1)
    if kind == "mul":
        return lambda x: x[0] * x[1]
    raise ModelFileError(f"unknown layer type {kind}")


class EesimModel:
    """The network of a model file as PyTorch operations; call it on an (N, C, H, W) batch."""

    @staticmethod
    def load(torch, path):
        version, lines, values = read_model_file(path)
        return EesimModel(torch, lines, values, version)

    def __init__(self, torch, lines, values, version):
        self.torch, self.version = torch, version
        self.name, self.input, self.classes = None, None, None
        self.preprocessing = parse_preprocess("")
        self.segments = []  # per segment: {list name: [(op, inputs)]}
        self.parameters = []
        position = 0
        for line in lines:
            keyword, _, rest = line.partition(" ")
            if keyword == "name":
                self.name = rest
            elif keyword == "input":
                self.input = tuple(int(v) for v in rest.split())
            elif keyword == "classes":
                self.classes = int(rest)
            elif keyword == "preprocess":
                self.preprocessing = parse_preprocess(rest)
            elif keyword == "segment":
                self.segments.append({name: [] for name in LISTS})
            elif keyword in LISTS:
                kind, attrs, inputs = parse_layer(rest)
                params = []
                for shape in layer_values(kind, attrs):
                    n = 1
                    for d in shape:
                        n *= d
                    params.append(torch.tensor(values[position:position + n],
                                               dtype=torch.float32).reshape(shape))
                    position += n
                self.parameters += params
                self.segments[-1][keyword].append((make_op(torch, kind, attrs, params), inputs))
        if position != len(values):
            raise ModelFileError(f"used {position} of {len(values)} values: the layouts disagree")

    def preprocess(self, pixels):
        """Raw samples (N, C, H, W) in the data set's channel order to the model's input."""
        p = self.preprocessing
        x = pixels.to(self.torch.float32)
        if p["bgr"]:
            x = x.flip(1)
        x = x / p["divisor"]
        channels = x.shape[1]
        if p["mean"] is not None:
            x = x - self.torch.tensor(p["mean"], dtype=self.torch.float32).reshape(1, channels, 1, 1)
        if p["std"] is not None:
            x = x / self.torch.tensor(p["std"], dtype=self.torch.float32).reshape(1, channels, 1, 1)
        return x

    @staticmethod
    def run_graph(graph, x):
        """A layer list as a graph: layer i reads `inputs` (-1 is the list's input), by default
        the layer before it; the list's output is its last layer's."""
        outputs = []
        for i, (op, inputs) in enumerate(graph):
            sources = inputs if inputs is not None else [i - 1]
            outputs.append(op([x if j == -1 else outputs[j] for j in sources]))
        return outputs[-1] if outputs else x

    def __call__(self, x):
        logits = []
        for segment in self.segments:
            x = self.run_graph(segment["body"], x)
            logits.append(self.run_graph(segment["exit"], x))
            if segment["encoder"]:
                x = self.run_graph(segment["decoder"], self.run_graph(segment["encoder"], x))
        return tuple(logits)

    def module(self):
        """The same network as a torch.nn.Module, for TorchScript (the weights become the
        trace's constants)."""
        torch, model = self.torch, self

        class Module(torch.nn.Module):
            def forward(self, x):
                return model(x)

        return Module().eval()


def load_or_exit(torch, path):
    try:
        return EesimModel.load(torch, path)
    except (OSError, ModelFileError) as e:
        sys.exit(str(e))
