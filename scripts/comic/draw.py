#!/usr/bin/env python3
"""Draw the 《走访中常见的误区》 comic as SVG files.

Every picture is built from the same small set of drawing functions, so the
recurring characters (老王, 李阿姨, 大刘 and the reception-hall staff member
小周) look identical in every scene.  To change a scene, edit its `scene_*`
function and run `scripts/comic/render.sh`.

Rules the pictures follow:
  * viewBox 0 0 1200 900 (4:3), rendered to 1200x900 PNG;
  * no text inside the images: the kiosk draws captions and speech bubbles
    itself with its own CJK font;
  * the upper part of each picture is kept calm and empty, so the speech
    bubbles placed by comic.ron have room;
  * no mark of right or wrong: the kiosk shows the verdict itself, and the
    quiz asks 这样做对吗？ about the picture, which must not give it away;
  * colours come only from PALETTE below.

Usage: python3 scripts/comic/draw.py [OUTPUT_DIR]
(default: content/comics/zoufang-wuqu/art next to this repository's root)
"""

import math
import os
import random
import sys

W, H = 1200, 900

# --------------------------------------------------------------------------
# Palette: every colour used in the pictures.  Warm, flat, poster-like.
# --------------------------------------------------------------------------
PALETTE = {
    # lines and paper
    "outline": "#4A3428",
    "paper": "#FFFAF0",
    "paper_line": "#CDB89A",
    # indoor
    "wall": "#F8EAD3",
    "wall_low": "#EED6B2",
    "floor": "#E3C396",
    "floor_line": "#D2AC7A",
    "wood": "#C98A55",
    "wood_light": "#E2AE78",
    "wood_dark": "#A86E40",
    "glass": "#CFE0DA",
    "glass_shine": "#EAF2EC",
    "night": "#3D4A6B",
    "night_light": "#56648A",
    "lamp": "#FFE6A8",
    # outdoor
    "sky": "#FBE7CB",
    "cloud": "#FFF6E8",
    "sun": "#F6C46E",
    "hill": "#E2CB98",
    "hill_far": "#EDDDB8",
    "grass": "#B4C173",
    "tree": "#83A35A",
    "tree_dark": "#6C8C48",
    "trunk": "#8A5A3B",
    "road": "#A79A8C",
    "road_edge": "#8E8174",
    "road_line": "#F6ECDC",
    "building": "#F3E0C0",
    "building_shade": "#E2C79D",
    "building_far": "#EBD9BC",
    "roof": "#B9553F",
    "window": "#A9C6C0",
    "stone": "#D9CBB5",
    "stone_dark": "#BFAE95",
    "metal": "#B9B3AA",
    "metal_dark": "#8F8880",
    # accents
    "red": "#C8402F",
    "red_dark": "#A23326",
    "gold": "#E9B23B",
    "gold_dark": "#C7922A",
    "green": "#4E9A5B",
    "green_dark": "#3B7A46",
    "navy": "#2F4A6D",
    "navy_dark": "#24395A",
    "shadow": "#4A3428",  # used with opacity only
    # people
    "skin": "#F3C6A0",
    "skin_tan": "#E8B489",
    "skin_shade": "#DDA27A",
    "blush": "#F09A84",
    "mouth": "#9C3B2E",
    "white_shirt": "#FFFDF8",
    "grey_jacket": "#8C9199",
    "grey_jacket_dark": "#737880",
    "cap": "#5D6169",
    "cap_dark": "#4A4D54",
    "hair_grey": "#D4D1CC",
    "hair_dark": "#35282A",
    "hair_brown": "#5A3C2E",
    "trousers": "#54504B",
    "trousers_blue": "#46526A",
    "shoes": "#3A2E28",
    "rose": "#C8614E",
    "rose_dark": "#A94E3E",
    "blouse": "#F7E3C2",
    "work_jacket": "#9A6B3F",
    "work_jacket_dark": "#80572F",
    "extra_1": "#B98B5E",
    "extra_2": "#7E8F6A",
    "extra_3": "#A65D57",
    "extra_4": "#6E7C91",
    "extra_5": "#D29C4E",
    "extra_6": "#8D6E8A",
    "drop": "#8FC1D8",
}
P = PALETTE
OUT = P["outline"]
SW = 4  # standard outline width


# --------------------------------------------------------------------------
# Tiny SVG helpers
# --------------------------------------------------------------------------
def n(v):
    """Format a number compactly."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _attrs(kw):
    parts = []
    for k, v in kw.items():
        if v is None:
            continue
        k = k.rstrip("_").replace("_", "-")
        if isinstance(v, float):
            v = n(v)
        parts.append(f'{k}="{v}"')
    return " ".join(parts)


def el(tag, **kw):
    return f"<{tag} {_attrs(kw)}/>"


def path(d, fill="none", stroke=OUT, sw=SW, **kw):
    return el("path", d=d, fill=fill, stroke=stroke, stroke_width=sw,
              stroke_linejoin="round", stroke_linecap="round", **kw)


def circle(cx, cy, r, fill, stroke=OUT, sw=SW, **kw):
    return el("circle", cx=n(cx), cy=n(cy), r=n(r), fill=fill, stroke=stroke,
              stroke_width=sw, **kw)


def ellipse(cx, cy, rx, ry, fill, stroke=OUT, sw=SW, **kw):
    return el("ellipse", cx=n(cx), cy=n(cy), rx=n(rx), ry=n(ry), fill=fill,
              stroke=stroke, stroke_width=sw, **kw)


def rect(x, y, w, h, fill, rx=0, stroke=OUT, sw=SW, **kw):
    return el("rect", x=n(x), y=n(y), width=n(w), height=n(h), rx=n(rx),
              fill=fill, stroke=stroke, stroke_width=sw,
              stroke_linejoin="round", **kw)


def line(x1, y1, x2, y2, stroke=OUT, sw=SW, **kw):
    return el("line", x1=n(x1), y1=n(y1), x2=n(x2), y2=n(y2), stroke=stroke,
              stroke_width=sw, stroke_linecap="round", **kw)


def poly(points, fill, stroke=OUT, sw=SW, **kw):
    pts = " ".join(f"{n(x)},{n(y)}" for x, y in points)
    return el("polygon", points=pts, fill=fill, stroke=stroke, stroke_width=sw,
              stroke_linejoin="round", **kw)


def g(parts, transform=None, **kw):
    if isinstance(parts, str):
        parts = [parts]
    a = _attrs(dict(transform=transform, **kw))
    return f"<g {a}>" + "".join(parts) + "</g>"


def pts_d(points):
    d = f"M{n(points[0][0])},{n(points[0][1])}"
    for x, y in points[1:]:
        d += f" L{n(x)},{n(y)}"
    return d


def tube(points, width, color, outline=OUT, ow=SW):
    """A limb: a thick rounded stroke with an outline (two stacked strokes)."""
    d = pts_d(points)
    return (path(d, stroke=outline, sw=width + 2 * ow) +
            path(d, stroke=color, sw=width))


def shadow(cx, cy, rx, ry=None):
    return ellipse(cx, cy, rx, ry or rx * 0.16, P["shadow"], stroke="none",
                   sw=0, opacity="0.16")


# --------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------
# Local coordinates: feet at y=0, centre x=0, facing the viewer's right
# (three-quarter view).  A character facing left is mirrored as a whole.
HEAD_CX, HEAD_CY, HEAD_RX, HEAD_RY = 4, -362, 46, 50
SHOULDER_Y = -290
HIP_Y = -150

LAOWANG = dict(
    name="老王", skin=P["skin"], top="jacket", top_color=P["grey_jacket"],
    top_dark=P["grey_jacket_dark"], inner=P["white_shirt"],
    legs=P["trousers"], shoes=P["shoes"], hair="cap", hair_color=P["cap"],
    hair_dark=P["cap_dark"], brow=P["hair_grey"], old=True, shoulder=58,
    hip=54, scale=0.97,
)
LIAYI = dict(
    name="李阿姨", skin=P["skin"], top="cardigan", top_color=P["rose"],
    top_dark=P["rose_dark"], inner=P["blouse"], legs=P["hair_brown"],
    shoes=P["rose_dark"], hair="perm", hair_color=P["hair_dark"],
    hair_dark=P["hair_dark"], brow=P["hair_dark"], old=False, shoulder=54,
    hip=56, scale=0.93, earring=True,
)
XIAOZHOU = dict(
    name="小周", skin=P["skin"], top="uniform", top_color=P["navy"],
    top_dark=P["navy_dark"], inner=P["white_shirt"], legs=P["navy_dark"],
    shoes=P["shoes"], hair="bun", hair_color=P["hair_dark"],
    hair_dark=P["hair_dark"], brow=P["hair_dark"], old=False, shoulder=54,
    hip=50, scale=1.0,
)
DALIU = dict(
    name="大刘", skin=P["skin_tan"], top="work", top_color=P["work_jacket"],
    top_dark=P["work_jacket_dark"], inner=P["blouse"],
    legs=P["trousers_blue"], shoes=P["shoes"], hair="short",
    hair_color=P["hair_dark"], hair_dark=P["hair_dark"],
    brow=P["hair_dark"], old=False, shoulder=64, hip=56, scale=1.03,
)

# Arm poses for the arm on the viewer's right; the left arm uses the same
# pose mirrored.  Values: (elbow, hand) relative to the shoulder.
ARMS = {
    "down": [(10, 72), (12, 142)],
    "forward": [(22, 78), (-14, 122)],
    "hip": [(46, 52), (10, 112)],
    "wave": [(50, -30), (62, -110)],
    "fist": [(46, -36), (40, -116)],
    "point": [(58, 24), (132, 6)],
    "point_up": [(62, -6), (122, -66)],
    "offer": [(36, 66), (96, 64)],
    "out": [(76, -4), (150, -12)],
    "stop": [(62, 40), (98, -24)],
    "cross": [(30, 72), (-70, 60)],
    "table": [(28, 82), (56, 120)],
    "write": [(34, 80), (-20, 108)],
    "hold": [(34, 70), (-16, 90)],
    "chest": [(30, 70), (-30, 50)],
    "give": [(50, 50), (118, 38)],
    "chin": [(34, 62), (-14, -24)],
    "point_down": [(52, 40), (122, 70)],
    "desk": [(30, 66), (72, 80)],
    "desk_back": [(-6, 72), (-58, 82)],
}

EXPR = {
    # eyes, brows, mouth
    "smile": ("dot", "soft", "smile"),
    "grin": ("happy", "soft", "open"),
    "happy": ("happy", "soft", "smile"),
    "neutral": ("dot", "soft", "flat"),
    "talk": ("dot", "soft", "talk"),
    "angry": ("dot", "angry", "frown"),
    "shout": ("dot", "angry", "shout"),
    "worried": ("dot", "worried", "wavy"),
    "sorry": ("dot", "worried", "talk"),
    "sly": ("dot", "sly", "smirk"),
    "firm": ("dot", "angry", "flat"),
    "think": ("dot", "worried", "flat"),
}


def _hair_back(c):
    hc = c["hair_color"]
    parts = []
    if c["hair"] == "perm":
        # a crown of curls (the classic 阿姨 perm)
        for a in range(150, -31, -22):
            r = math.radians(a)
            x = HEAD_CX + 48 * math.cos(r)
            y = HEAD_CY - 6 - 50 * math.sin(r)
            parts.append(circle(x, y, 21, hc))
        parts.append(circle(HEAD_CX - 42, HEAD_CY + 22, 19, hc))
        parts.append(circle(HEAD_CX - 36, HEAD_CY + 36, 15, hc))
    elif c["hair"] == "bun":
        parts.append(circle(HEAD_CX - 40, HEAD_CY - 42, 20, hc))
        parts.append(ellipse(HEAD_CX - 4, HEAD_CY - 4, 52, 56, hc))
    elif c["hair"] == "scarf":
        parts.append(path(
            f"M{HEAD_CX-54},{HEAD_CY+30} C{HEAD_CX-70},{HEAD_CY-60} "
            f"{HEAD_CX+50},{HEAD_CY-90} {HEAD_CX+54},{HEAD_CY-6} "
            f"L{HEAD_CX+40},{HEAD_CY+40} L{HEAD_CX-40},{HEAD_CY+52} Z", hc))
    elif c["hair"] == "long":
        parts.append(path(
            f"M{HEAD_CX-50},{HEAD_CY+60} C{HEAD_CX-66},{HEAD_CY-70} "
            f"{HEAD_CX+62},{HEAD_CY-80} {HEAD_CX+50},{HEAD_CY+20} "
            f"L{HEAD_CX+44},{HEAD_CY+40} Z", hc))
    return "".join(parts)


def _hair_front(c):
    hc, hd = c["hair_color"], c["hair_dark"]
    cx, cy = HEAD_CX, HEAD_CY
    if c["hair"] == "cap":
        # grey hair peeking out at the back, then a flat cap (鸭舌帽)
        return (
            path(f"M{cx-44},{cy-22} Q{cx-50},{cy-2} {cx-42},{cy+8} "
                 f"Q{cx-36},{cy-8} {cx-30},{cy-20} Z", P["hair_grey"], sw=3) +
            path(f"M{cx+18},{cy-30} Q{cx+50},{cy-36} {cx+66},{cy-24} "
                 f"Q{cx+44},{cy-18} {cx+16},{cy-22} Z", hd) +
            path(f"M{cx-50},{cy-10} C{cx-60},{cy-58} {cx+6},{cy-74} "
                 f"{cx+46},{cy-52} Q{cx+62},{cy-42} {cx+50},{cy-30} "
                 f"Q{cx},{cy-36} {cx-50},{cy-10} Z", hc) +
            path(f"M{cx-38},{cy-30} Q{cx-14},{cy-62} {cx+30},{cy-54}",
                 stroke=hd, sw=3) +
            path(f"M{cx-44},{cy-18} Q{cx},{cy-30} {cx+50},{cy-30}",
                 stroke=hd, sw=3)
        )
    if c["hair"] == "perm":
        return "".join(circle(cx + dx, cy - 44 + dy, r, hc) for dx, dy, r in
                       [(-22, 2, 17), (2, -4, 18), (26, 2, 16), (42, 14, 12)])
    if c["hair"] == "bun":
        return path(
            f"M{cx-46},{cy+6} C{cx-52},{cy-52} {cx+30},{cy-72} "
            f"{cx+50},{cy-14} Q{cx+30},{cy-40} {cx+4},{cy-38} "
            f"Q{cx-26},{cy-30} {cx-36},{cy+8} Z", hc)
    if c["hair"] == "short":
        return path(
            f"M{cx-46},{cy+4} C{cx-54},{cy-62} {cx+30},{cy-74} "
            f"{cx+50},{cy-22} L{cx+42},{cy-32} L{cx+34},{cy-26} "
            f"L{cx+22},{cy-36} L{cx+8},{cy-30} L{cx-6},{cy-38} "
            f"Q{cx-26},{cy-26} {cx-34},{cy+4} Z", hc)
    if c["hair"] == "grey":
        return path(
            f"M{cx-46},{cy+4} C{cx-54},{cy-58} {cx+30},{cy-70} "
            f"{cx+50},{cy-22} Q{cx+20},{cy-44} {cx-8},{cy-36} "
            f"Q{cx-28},{cy-26} {cx-36},{cy+4} Z", hc)
    if c["hair"] == "scarf":
        return path(
            f"M{cx-50},{cy+10} C{cx-56},{cy-66} {cx+44},{cy-80} "
            f"{cx+52},{cy-14} Q{cx+30},{cy-38} {cx},{cy-40} "
            f"Q{cx-30},{cy-36} {cx-38},{cy+12} Z", hc) + path(
            f"M{cx-44},{cy+44} l-14,22 l22,-4 Z", hc)
    if c["hair"] == "long":
        return path(
            f"M{cx-46},{cy+10} C{cx-52},{cy-60} {cx+36},{cy-74} "
            f"{cx+50},{cy-18} Q{cx+14},{cy-40} {cx-10},{cy-30} "
            f"Q{cx-30},{cy-18} {cx-36},{cy+12} Z", hc)
    return ""


def _face(c, expr):
    eyes, brows, mouth = EXPR[expr]
    cx, cy = HEAD_CX + 8, HEAD_CY
    ex1, ex2, ey = cx - 16, cx + 18, cy - 2
    out = []
    # cheeks
    out.append(circle(ex1 - 6, cy + 18, 9, P["blush"], stroke="none",
                      opacity="0.45"))
    out.append(circle(ex2 + 10, cy + 18, 8, P["blush"], stroke="none",
                      opacity="0.45"))
    # eyes
    if eyes == "happy":
        for ex in (ex1, ex2):
            out.append(path(f"M{ex-7},{ey+2} Q{ex},{ey-8} {ex+7},{ey+2}",
                            sw=4))
    else:
        for ex in (ex1, ex2):
            out.append(ellipse(ex, ey, 5, 6.5, OUT, stroke="none"))
            out.append(circle(ex + 1.8, ey - 2.2, 1.7, P["paper"],
                              stroke="none"))
    # brows
    bc = c["brow"]
    bw = 5 if c.get("old") else 4
    by = ey - 18
    if brows == "soft":
        b = [(ex1 - 9, by + 2, ex1, by - 2, ex1 + 8, by + 1),
             (ex2 - 8, by + 1, ex2, by - 2, ex2 + 9, by + 2)]
    elif brows == "angry":
        b = [(ex1 - 9, by - 4, ex1, by, ex1 + 9, by + 5),
             (ex2 - 9, by + 5, ex2, by, ex2 + 9, by - 4)]
    elif brows == "worried":
        b = [(ex1 - 9, by + 4, ex1, by, ex1 + 9, by - 5),
             (ex2 - 9, by - 5, ex2, by, ex2 + 9, by + 4)]
    else:  # sly
        b = [(ex1 - 9, by + 3, ex1, by + 2, ex1 + 9, by + 4),
             (ex2 - 9, by - 2, ex2, by - 8, ex2 + 9, by - 4)]
    stroke_col = bc if c.get("old") else OUT
    for x1, y1, xm, ym, x2, y2 in b:
        out.append(path(f"M{x1},{y1} Q{xm},{ym} {x2},{y2}", stroke=stroke_col,
                        sw=bw + (2 if c.get("old") else 0)))
    # nose
    out.append(path(f"M{cx+4},{cy+6} Q{cx+9},{cy+12} {cx+3},{cy+15}", sw=3))
    # mouth
    mx, my = cx + 2, cy + 28
    if mouth == "smile":
        out.append(path(f"M{mx-11},{my-3} Q{mx},{my+8} {mx+11},{my-3}", sw=4))
    elif mouth == "open":
        out.append(path(f"M{mx-12},{my-4} Q{mx},{my+16} {mx+12},{my-4} Z",
                        P["mouth"], sw=3))
    elif mouth == "flat":
        out.append(line(mx - 8, my, mx + 8, my, sw=4))
    elif mouth == "talk":
        out.append(ellipse(mx, my, 6, 5, P["mouth"], sw=3))
    elif mouth == "frown":
        out.append(path(f"M{mx-10},{my+3} Q{mx},{my-6} {mx+10},{my+3}", sw=4))
    elif mouth == "shout":
        out.append(path(f"M{mx-11},{my-5} Q{mx},{my-9} {mx+11},{my-5} "
                        f"Q{mx+9},{my+12} {mx},{my+12} Q{mx-9},{my+12} "
                        f"{mx-11},{my-5} Z", P["mouth"], sw=3))
    elif mouth == "wavy":
        out.append(path(f"M{mx-10},{my+2} q5,-5 10,0 q5,5 10,0", sw=3.5))
    elif mouth == "smirk":
        out.append(path(f"M{mx-9},{my+1} Q{mx+2},{my+4} {mx+12},{my-6}",
                        sw=4))
    # age lines for 老王: gentle smile creases beside the eyes
    if c.get("old"):
        out.append(path(f"M{ex2+13},{ey-5} l6,-3 M{ex2+13},{ey+1} l7,1",
                        sw=2.5))
    if c.get("earring"):
        out.append(circle(HEAD_CX - 42, HEAD_CY + 22, 4.5, P["gold"], sw=2))
    return "".join(out)


def _torso(c):
    ws, wh = c["shoulder"], c["hip"]
    top, bot = -306, -136
    col, dark, inner = c["top_color"], c["top_dark"], c["inner"]
    d = (f"M{-ws+20},{top} Q{-ws},{top} {-ws},{top+24} L{-wh},{bot} "
         f"Q{-wh},{bot+6} {-wh+8},{bot+6} L{wh-8},{bot+6} "
         f"Q{wh},{bot+6} {wh},{bot} L{ws},{top+24} Q{ws},{top} {ws-20},{top} Z")
    out = [path(d, col)]
    kind = c["top"]
    if kind == "jacket":
        out.append(path(f"M-16,{top} L8,{top+40} L30,{top}", inner, sw=3))
        out.append(path(f"M-26,{top} L-4,{top+44} L8,{top+40} "
                        f"M42,{top} L16,{top+46} L8,{top+40}", dark, sw=3))
        out.append(line(8, top + 44, 10, bot + 4, sw=3))
        for yy in (top + 66, top + 102, top + 138):
            out.append(circle(18, yy, 4, dark, sw=2))
        out.append(path(f"M-40,{top+110} l28,0 l0,20 l-28,0 Z", dark, sw=3))
        out.append(path(f"M30,{top+110} l26,0 l-1,20 l-25,0 Z", dark, sw=3))
    elif kind == "cardigan":
        out.append(path(f"M-14,{top} Q6,{top+40} 28,{top} L24,{bot+4} "
                        f"L-8,{bot+4} Z", inner, sw=3))
        out.append(path(f"M-14,{top} Q-2,{top+60} -10,{bot+5}", sw=3))
        out.append(path(f"M28,{top} Q22,{top+60} 26,{bot+5}", sw=3))
        for yy in (top + 70, top + 104, top + 138):
            out.append(circle(20, yy, 3.5, P["paper"], sw=2))
        out.append(path(f"M-{wh-2},{bot} L{wh-2},{bot}", stroke=dark, sw=6))
    elif kind == "uniform":
        out.append(path(f"M-18,{top} L6,{top+58} L32,{top}", inner, sw=3))
        out.append(path(f"M0,{top+6} L6,{top+20} L12,{top+6} Z "
                        f"M6,{top+20} L0,{top+50} L6,{top+58} L12,{top+50} Z",
                        P["red"], sw=2.5))
        out.append(path(f"M-28,{top} L-4,{top+62} L6,{top+58} "
                        f"M42,{top} L16,{top+62} L6,{top+58}", dark, sw=3))
        out.append(line(6, top + 60, 8, bot + 4, sw=3))
        out.append(circle(14, top + 92, 4, P["gold"], sw=2))
        out.append(circle(14, top + 124, 4, P["gold"], sw=2))
        # name badge
        out.append(rect(28, top + 66, 26, 12, P["gold"], rx=2, sw=2.5))
    elif kind == "work":
        out.append(path(f"M-12,{top} L8,{top+26} L28,{top}", inner, sw=3))
        out.append(path(f"M-30,{top} L-12,{top+18} L8,{top+26} "
                        f"M46,{top} L28,{top+18} L8,{top+26}", dark, sw=3))
        out.append(line(8, top + 26, 8, bot + 4, sw=3))
        out.append(rect(-42, top + 50, 32, 30, dark, rx=3, sw=3))
        out.append(rect(24, top + 50, 32, 30, dark, rx=3, sw=3))
        out.append(path(f"M-{wh-2},{bot-4} L{wh-2},{bot-4}", stroke=dark,
                        sw=8))
    else:  # plain
        out.append(path(f"M-14,{top} Q8,{top+30} 30,{top}", inner, sw=3))
        out.append(line(8, top + 22, 9, bot + 4, stroke=dark, sw=3))
        for yy in (top + 60, top + 100, top + 138):
            out.append(circle(16, yy, 3.5, dark, sw=2))
    return "".join(out)


def person(c, x, y, s=1.0, face=1, arms=("down", "down"), expr="smile",
           walk=False, sit=None, props=None, between="", split=False):
    """Draw a character; return (svg, anchors in picture coordinates).

    x, y: the point on the floor under the character.
    face: 1 = looking to the viewer's right, -1 = to the left.
    arms: poses (see ARMS) for the arm at the back and the arm at the front.
    sit: None (standing), "chair" (on a chair; put a table in `between`)
         or "floor" (sitting on the ground, knees up).
    props: {"front": fn, "back": fn}; fn(x, y) draws a held object at that
           hand (local coordinates) before the hand, so the hand holds it.
    between: svg in picture coordinates drawn over the body but under the
             arms and head, e.g. the table a seated character leans on.
    split: return ((lower svg, upper svg), anchors) instead, so that two
           seated characters can share one table.
    """
    s = s * c["scale"]
    props = props or {}
    ws = c["shoulder"]
    drop = {None: 0, "chair": 40, "floor": 128}[sit]
    low = []  # chair, legs, torso
    legc = c["legs"]
    if sit == "chair":
        low.append(rect(-78, -250, 150, 150, P["wood_dark"], rx=12))
        low.append(rect(-84, -118, 180, 22, P["wood"], rx=6))
        low.append(rect(-74, -100, 14, 100, P["wood_dark"], rx=3, sw=3))
        low.append(rect(66, -100, 14, 100, P["wood_dark"], rx=3, sw=3))
        low.append(tube([(-18, -116), (70, -114), (74, -20)], 38, legc))
        low.append(tube([(16, -112), (100, -110), (104, -18)], 38, legc))
        low.append(ellipse(90, -8, 28, 13, c["shoes"]))
        low.append(ellipse(118, -6, 28, 13, c["shoes"]))
    elif sit == "floor":
        knees = [tube([(-6, -24), (90, -40), (168, -22)], 38, legc),
                 ellipse(186, -36, 13, 26, c["shoes"]),
                 tube([(22, -18), (116, -32), (194, -14)], 38, legc),
                 ellipse(212, -28, 13, 26, c["shoes"])]
    else:
        if walk:
            lp = [[(-16, HIP_Y), (-30, -84), (-48, -18)],
                  [(18, HIP_Y), (34, -84), (44, -18)]]
        else:
            lp = [[(-22, HIP_Y), (-23, -80), (-24, -18)],
                  [(22, HIP_Y), (23, -80), (24, -18)]]
        for pts in lp:
            low.append(tube(pts, 38, legc))
        for pts in lp:
            fx, fy = pts[-1]
            low.append(ellipse(fx + 12, fy + 6, 28, 13, c["shoes"]))
    torso = [rect(-10, -326, 30, 30, c["skin"], rx=8), _torso(c)]  # neck
    if sit == "floor":
        # legs stretched out in front of the body
        torso.append(g(knees, transform=f"translate(0,{-drop})"))
    upper = []
    anchors = {}
    hands = []
    for side, pose in zip((-1, 1), arms):
        (ex, ey), (hx, hy) = ARMS[pose]
        sx = side * (ws - 10)
        sh = (sx, SHOULDER_Y)
        el_ = (sx + side * ex, SHOULDER_Y + ey)
        hd = (sx + side * hx, SHOULDER_Y + hy)
        upper.append(tube([sh, el_, hd], 30, c["top_color"]))
        key = "back" if side == -1 else "front"
        anchors[key + "_hand"] = (hd[0], hd[1] + drop)
        if key in props:
            hands.append(props[key](*hd))
        hands.append(circle(hd[0], hd[1], 14, c["skin"]))
    upper.extend(hands)
    upper.append(_hair_back(c))
    upper.append(ellipse(HEAD_CX - 44, HEAD_CY + 4, 9, 13, c["skin"]))  # ear
    upper.append(ellipse(HEAD_CX, HEAD_CY, HEAD_RX, HEAD_RY, c["skin"]))
    upper.append(_face(c, expr))
    upper.append(_hair_front(c))
    anchors["head"] = (HEAD_CX, HEAD_CY + drop)
    anchors["head_top"] = (HEAD_CX, HEAD_CY - 60 + drop)
    world = {k: (x + face * s * ax, y + s * ay) for k, (ax, ay) in
             anchors.items()}
    tf = f"translate({n(x)},{n(y)}) scale({n(face * s)},{n(s)})"
    shift = f"translate(0,{drop})"
    lower = (shadow(x + face * s * (30 if sit == "floor" else 4), y + 4,
                    (110 if sit == "floor" else 70) * s) +
             g(low + [g(torso, transform=shift)], transform=tf))
    upper_svg = g(g(upper, transform=shift), transform=tf)
    if split:
        return (lower, upper_svg), world
    return lower + between + upper_svg, world


def extra(seed, **over):
    """A villager in the crowd, varied but built from the same parts."""
    rnd = random.Random(seed)
    tops = [P["extra_1"], P["extra_2"], P["extra_3"], P["extra_4"],
            P["extra_5"], P["extra_6"]]
    col = tops[seed % len(tops)]
    hair = ["short", "grey", "scarf", "long", "cap", "short", "perm"][
        (seed * 3) % 7]
    hair_col = {"short": P["hair_dark"], "grey": P["hair_grey"],
                "scarf": [P["red"], P["extra_2"], P["gold"]][seed % 3],
                "long": P["hair_brown"], "cap": P["extra_4"],
                "perm": P["hair_brown"]}[hair]
    c = dict(name="村民", skin=rnd.choice([P["skin"], P["skin_tan"]]),
             top="plain", top_color=col, top_dark=P["outline"],
             inner=P["blouse"], legs=rnd.choice([P["trousers"],
                                                 P["trousers_blue"]]),
             shoes=P["shoes"], hair=hair, hair_color=hair_col,
             hair_dark=P["cap_dark"],
             brow=P["hair_grey"] if hair == "grey" else P["hair_dark"],
             old=hair in ("grey", "scarf", "cap"), shoulder=56, hip=54,
             scale=rnd.uniform(0.92, 1.02))
    c.update(over)
    return c


# --------------------------------------------------------------------------
# Props (local coordinates at a hand)
# --------------------------------------------------------------------------
def paper_at(w=70, h=92, angle=-8, seal=False, scale_icon=False, dx=0,
             dy=-30):
    def draw(x, y):
        out = [rect(-w / 2, -h / 2, w, h, P["paper"], rx=3, sw=3)]
        for i in range(4):
            yy = -h / 2 + 18 + i * 14
            out.append(line(-w / 2 + 10, yy, w / 2 - 10 - (i == 3) * 18, yy,
                            stroke=P["paper_line"], sw=3))
        if seal:
            out.append(circle(w / 2 - 18, h / 2 - 18, 11, "none",
                              stroke=P["red"], sw=3))
            out.append(circle(w / 2 - 18, h / 2 - 18, 4, P["red"],
                              stroke="none"))
        if scale_icon:
            out.append(_scales_icon(0, -h / 2 - 2, 0.35))
        return g(out, transform=f"translate({n(x+dx)},{n(y+dy)}) "
                                f"rotate({angle})")
    return draw


def folder_at(angle=-6, color=None, dx=0, dy=-26):
    color = color or P["gold"]

    def draw(x, y):
        out = [rect(-46, -34, 92, 68, color, rx=4, sw=3.5),
               rect(-40, -44, 70, 14, P["paper"], rx=2, sw=3),
               line(-34, -12, 30, -12, stroke=P["gold_dark"], sw=3)]
        return g(out, transform=f"translate({n(x+dx)},{n(y+dy)}) "
                                f"rotate({angle})")
    return draw


def handbag_at(color=None):
    color = color or P["wood_dark"]

    def draw(x, y):
        return (path(f"M{x-16},{y+34} Q{x},{y-8} {x+16},{y+34}", sw=5) +
                rect(x - 30, y + 28, 60, 50, color, rx=10, sw=3.5) +
                line(x - 30, y + 44, x + 30, y + 44, sw=3))
    return draw


def bundle_at():
    """A travel bag (行李包) carried by its strap."""
    def draw(x, y):
        return (path(f"M{x-14},{y+8} Q{x},{y-10} {x+14},{y+8}", sw=5) +
                rect(x - 56, y + 8, 112, 74, P["extra_4"], rx=22, sw=4) +
                path(f"M{x-40},{y+30} L{x+40},{y+30}", stroke=P["paper"],
                     sw=4) +
                path(f"M{x-40},{y+44} L{x+40},{y+44}", stroke=P["red"], sw=4))
    return draw


def card_at(dx=0, dy=-12):
    def draw(x, y):
        return g([rect(-22, -14, 44, 28, P["paper"], rx=4, sw=3),
                  rect(-16, -8, 12, 16, P["window"], rx=2, sw=2),
                  line(2, -4, 15, -4, stroke=P["paper_line"], sw=3),
                  line(2, 4, 12, 4, stroke=P["paper_line"], sw=3)],
                 transform=f"translate({n(x+dx)},{n(y+dy)}) rotate(-10)")
    return draw


def slip_at(dx=0, dy=-18):
    def draw(x, y):
        return g([rect(-30, -20, 60, 40, P["paper"], rx=3, sw=3),
                  line(-20, -8, 18, -8, stroke=P["paper_line"], sw=3),
                  line(-20, 4, 8, 4, stroke=P["paper_line"], sw=3),
                  circle(18, 8, 6, "none", stroke=P["red"], sw=2.5)],
                 transform=f"translate({n(x+dx)},{n(y+dy)}) rotate(-6)")
    return draw


def pen_at():
    def draw(x, y):
        return g([line(0, 0, 26, -34, stroke=OUT, sw=11),
                  line(0, 0, 26, -34, stroke=P["navy"], sw=6)],
                 transform=f"translate({n(x)},{n(y)})")
    return draw


def _scales_icon(x, y, s=1.0):
    """A balance: the emblem of a court, drawn without text."""
    c = P["gold"]
    return g([
        line(0, -60, 0, 40, stroke=OUT, sw=8), line(0, -60, 0, 40, stroke=c,
                                                    sw=4),
        path("M-55,-44 L55,-44", stroke=OUT, sw=8),
        path("M-55,-44 L55,-44", stroke=c, sw=4),
        path("M-55,-44 L-72,0 L-38,0 Z M55,-44 L38,0 L72,0 Z", stroke=OUT,
             sw=3),
        path("M-76,0 Q-55,22 -34,0 Z", c, sw=3),
        path("M34,0 Q55,22 76,0 Z", c, sw=3),
        rect(-26, 38, 52, 12, c, rx=3, sw=3),
        circle(0, -64, 7, c, sw=3),
    ], transform=f"translate({n(x)},{n(y)}) scale({n(s)})")


# --------------------------------------------------------------------------
# Effects (no text): sweat drop, anger mark, motion lines, alarm
# --------------------------------------------------------------------------
def sweat(x, y, s=1.0):
    return path(f"M{x},{y} q{-10*s},{16*s} 0,{22*s} q{10*s},{-6*s} 0,{-22*s} Z",
                P["drop"], sw=3)


def anger_mark(x, y, s=1.0):
    d = ""
    for ax, ay in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        d += (f"M{n(x+ax*5*s)},{n(y+ay*14*s)} Q{n(x+ax*5*s)},{n(y+ay*5*s)} "
              f"{n(x+ax*14*s)},{n(y+ay*5*s)} ")
    return path(d, stroke=P["red"], sw=5 * s)


def motion_lines(x, y, direction=1, n_=3, length=40):
    out = []
    for i in range(n_):
        yy = y + i * 22
        out.append(line(x, yy, x - direction * (length - i * 8), yy,
                        stroke=OUT, sw=4, opacity="0.55"))
    return "".join(out)


def burst(x, y, r1, r2, color, k=10):
    pts = []
    for i in range(2 * k):
        a = math.pi * i / k - math.pi / 2
        r = r2 if i % 2 == 0 else r1
        pts.append((x + r * math.cos(a), y + r * math.sin(a)))
    return poly(pts, color, sw=3)


# --------------------------------------------------------------------------
# Backgrounds and furniture
# --------------------------------------------------------------------------
def hall(night=False, windows=(60, 860), clock=None, notice=None,
         plants=(), chairs=None, sign=None, floor_y=700, lights=True):
    """The 接待大厅 (reception hall) of the petition bureau."""
    out = [rect(0, 0, W, floor_y, P["wall"], stroke="none"),
           rect(0, floor_y - 150, W, 150, P["wall_low"], stroke="none"),
           line(0, floor_y - 150, W, floor_y - 150, stroke=P["wood"], sw=8),
           rect(0, floor_y, W, H - floor_y, P["floor"], stroke="none"),
           line(0, floor_y, W, floor_y, sw=4)]
    for i in range(1, 4):
        yy = floor_y + i * i * 16 + i * 18
        out.append(line(0, yy, W, yy, stroke=P["floor_line"], sw=3))
    for xx in range(-400, 1700, 170):
        out.append(line(600 + (xx - 600) * 0.55, floor_y, xx, H,
                        stroke=P["floor_line"], sw=3))
    if lights:
        for lx in (200, 600, 1000):
            out.append(rect(lx - 70, -6, 140, 22, P["paper"], rx=8, sw=3))
    for wx in windows:
        out.append(window(wx, 330, 280, 220, night))
    if clock:
        out.append(wall_clock(*clock))
    if notice:
        out.append(notice_board(*notice))
    if sign:
        out.append(sign_board(*sign))
    if chairs:
        out.append(chair_row(*chairs))
    for px in plants:
        out.append(plant(px, floor_y + 30))
    if night:
        out.append(rect(0, 0, W, floor_y, P["night"], stroke="none",
                        opacity="0.10"))
    return "".join(out)


def window(x, y, w, h, night=False):
    glass = P["night"] if night else P["glass"]
    out = [rect(x, y, w, h, P["wood_light"], rx=6),
           rect(x + 14, y + 14, w - 28, h - 28, glass, rx=3, sw=3)]
    if night:
        out.append(circle(x + w - 70, y + 64, 24, P["lamp"], stroke="none"))
        out.append(circle(x + w - 58, y + 56, 22, P["night"], stroke="none"))
        for sx, sy in ((x + 60, y + 50), (x + 110, y + 90), (x + 80, y + 140),
                       (x + 170, y + 60)):
            out.append(circle(sx, sy, 3, P["lamp"], stroke="none"))
    else:
        out.append(path(f"M{x+40},{y+h-30} L{x+110},{y+30} M{x+80},{y+h-30} "
                        f"L{x+150},{y+30}", stroke=P["glass_shine"], sw=12))
    out.append(line(x + w / 2, y + 14, x + w / 2, y + h - 14, stroke=P["wood"],
                    sw=8))
    out.append(rect(x + 14, y + 14, w - 28, h - 28, "none", rx=3, sw=3))
    return "".join(out)


def wall_clock(x, y, hour=10, minute=0):
    out = [circle(x, y, 42, P["paper"], sw=5),
           circle(x, y, 4, OUT, stroke="none")]
    for i in range(12):
        a = math.radians(i * 30)
        out.append(line(x + 33 * math.sin(a), y - 33 * math.cos(a),
                        x + 37 * math.sin(a), y - 37 * math.cos(a), sw=3))
    ha = math.radians((hour % 12 + minute / 60) * 30)
    ma = math.radians(minute * 6)
    out.append(line(x, y, x + 20 * math.sin(ha), y - 20 * math.cos(ha), sw=5))
    out.append(line(x, y, x + 30 * math.sin(ma), y - 30 * math.cos(ma), sw=3))
    return "".join(out)


def notice_board(x, y, w=220, h=150):
    """Wall board where the bureau publishes procedures (第十八条)."""
    out = [rect(x, y, w, h, P["wood"], rx=6),
           rect(x + 12, y + 12, w - 24, h - 24, P["wall_low"], rx=3, sw=3)]
    cols = [(x + 26, y + 24, 56, 70), (x + 94, y + 24, 50, 48),
            (x + 156, y + 28, 46, 92), (x + 94, y + 80, 50, 44)]
    for i, (px, py, pw, ph) in enumerate(cols):
        out.append(rect(px, py, pw, ph, P["paper"], rx=2, sw=2.5))
        for k in range(int((ph - 16) / 12)):
            out.append(line(px + 8, py + 12 + k * 12, px + pw - 8,
                            py + 12 + k * 12, stroke=P["paper_line"], sw=2.5))
        out.append(circle(px + pw / 2, py, 4, P["red"], sw=2))
    return "".join(out)


def sign_board(x, y, w=380, h=70):
    """The hall's sign above the counter: a red board with a gold emblem."""
    return (rect(x, y, w, h, P["red"], rx=8) +
            rect(x + 8, y + 8, w - 16, h - 16, "none", rx=5,
                 stroke=P["gold"], sw=3) +
            circle(x + w / 2, y + h / 2, 20, P["gold"], stroke=P["gold_dark"],
                   sw=3) +
            burst(x + w / 2, y + h / 2, 5.5, 14, P["red"], k=5))


def chair_row(x, y, count=3):
    out = []
    for i in range(count):
        cx = x + i * 96
        out.append(rect(cx, y - 110, 84, 70, P["extra_4"], rx=12))
        out.append(rect(cx - 4, y - 48, 92, 22, P["extra_4"], rx=8))
        out.append(line(cx + 12, y - 26, cx + 12, y, sw=5))
        out.append(line(cx + 72, y - 26, cx + 72, y, sw=5))
    out.append(line(x - 6, y - 26, x + count * 96 - 6, y - 26, sw=6))
    return "".join(out)


def plant(x, y, s=1.0):
    leaves = []
    for ang, ln in ((-60, 90), (-30, 110), (0, 120), (30, 105), (60, 90),
                    (-15, 80), (15, 85)):
        a = math.radians(ang)
        tx, ty = x + ln * math.sin(a) * s, y - 80 * s - ln * math.cos(a) * s
        leaves.append(path(f"M{n(x)},{n(y-70*s)} Q{n((x+tx)/2-18*math.cos(a))},"
                           f"{n((y-70*s+ty)/2)} {n(tx)},{n(ty)} "
                           f"Q{n((x+tx)/2+18*math.cos(a))},{n((y-70*s+ty)/2)} "
                           f"{n(x)},{n(y-70*s)} Z", P["tree"], sw=3))
    pot = path(f"M{n(x-36*s)},{n(y-76*s)} L{n(x+36*s)},{n(y-76*s)} "
               f"L{n(x+26*s)},{n(y)} L{n(x-26*s)},{n(y)} Z", P["roof"])
    return shadow(x, y + 2, 40 * s) + "".join(leaves) + pot


def counter(x, y, w, h=186):
    """Reception counter seen from the front; top edge at y."""
    return (rect(x - 10, y - 20, w + 20, 30, P["wood_light"], rx=6) +
            rect(x, y + 10, w, h, P["wood"], rx=4) +
            rect(x + 20, y + 34, w - 40, h - 60, P["wood_light"], rx=4, sw=3) +
            line(x + 20, y + h - 4, x + w - 20, y + h - 4,
                 stroke=P["wood_dark"], sw=6))


def table(x, y, w, h=110, top_col=None, apron=40):
    """A plain table: top surface at y, legs down to the floor at y+h."""
    top_col = top_col or P["wood_light"]
    return (rect(x + 14, y + 10, 16, h - 10, P["wood_dark"], rx=3, sw=3) +
            rect(x + w - 30, y + 10, 16, h - 10, P["wood_dark"], rx=3, sw=3) +
            rect(x + 10, y + 10, w - 20, apron, P["wood"], rx=3, sw=3) +
            rect(x, y - 8, w, 22, top_col, rx=5))


def stack_of_papers(x, y, count=8, w=110):
    out = []
    for i in range(count):
        off = (i % 3 - 1) * 4
        out.append(rect(x - w / 2 + off, y - (i + 1) * 12, w, 12, P["paper"],
                        rx=2, sw=3))
    out.append(path(f"M{x-w/2+10},{y-count*12+2} l-6,-10", sw=3))
    return "".join(out)


def sky(horizon=560):
    return (rect(0, 0, W, horizon, P["sky"], stroke="none") +
            circle(1040, 120, 56, P["sun"], stroke="none", opacity="0.8") +
            cloud(220, 110, 1.0) + cloud(760, 70, 0.8))


def cloud(x, y, s=1.0):
    return g([ellipse(0, 0, 70, 26, P["cloud"], stroke="none"),
              ellipse(-30, -14, 34, 24, P["cloud"], stroke="none"),
              ellipse(22, -22, 40, 30, P["cloud"], stroke="none")],
             transform=f"translate({n(x)},{n(y)}) scale({n(s)})")


def tree(x, y, s=1.0):
    return g([shadow(0, 4, 60),
              rect(-12, -110, 24, 112, P["trunk"], rx=6),
              circle(-36, -140, 48, P["tree_dark"]),
              circle(34, -146, 50, P["tree_dark"]),
              circle(0, -190, 62, P["tree"]),
              circle(-40, -150, 40, P["tree"], stroke="none"),
              circle(36, -156, 40, P["tree"], stroke="none")],
             transform=f"translate({n(x)},{n(y)}) scale({n(s)})")


def gov_building(x, y, w, h, floors=3, entrance=True, col=None, shade=None,
                 emblem=True, door_open=False):
    """A government office block; (x, y) is the bottom-left corner."""
    col = col or P["building"]
    shade = shade or P["building_shade"]
    out = [rect(x, y - h, w, h, col),
           rect(x - 12, y - h - 24, w + 24, 30, P["roof"], rx=4)]
    fh = (h - 120) / floors
    ncols = max(3, int(w / 90))
    for f in range(floors):
        wy = y - h + 24 + f * fh
        for i in range(ncols):
            wx = x + 22 + i * (w - 44) / ncols
            ww = (w - 44) / ncols - 22
            out.append(rect(wx + 11, wy, ww, fh * 0.58, P["window"], rx=3,
                            sw=3))
    if entrance:
        ex = x + w / 2
        out.append(rect(ex - 110, y - 130, 220, 130, shade, sw=4))
        out.append(rect(ex - 130, y - 150, 260, 26, P["red"], rx=4))
        if emblem:
            out.append(circle(ex, y - 176, 28, P["gold"], stroke=P["gold_dark"],
                              sw=3))
            out.append(burst(ex, y - 176, 7, 17, P["red"], k=5))
        if door_open:
            out.append(rect(ex - 62, y - 110, 124, 110, P["lamp"], sw=4))
            out.append(rect(ex - 62, y - 110, 28, 110, P["glass"], sw=3))
            out.append(rect(ex + 34, y - 110, 28, 110, P["glass"], sw=3))
        else:
            out.append(rect(ex - 62, y - 110, 124, 110, P["glass"], sw=4))
            out.append(line(ex, y - 110, ex, y, sw=3))
        for cx in (ex - 100, ex + 82):
            out.append(rect(cx, y - 124, 18, 124, P["paper"], sw=3))
    return "".join(out)


def steps(x, y, w, count=3, step=16, inset=18):
    out = []
    for i in range(count):
        out.append(rect(x + i * inset, y - (i + 1) * step, w - 2 * i * inset,
                        step, P["stone"], sw=3))
    return "".join(out)


def court_building(x, y, s=1.0):
    """A court house (法院): columns, pediment, scales emblem."""
    w = 700
    out = [rect(0, -430, w, 430, P["building"]),
           poly([(-20, -430), (w / 2, -540), (w + 20, -430)], P["stone"]),
           rect(-30, -440, w + 60, 26, P["stone_dark"], rx=4),
           rect(-10, -60, w + 20, 60, P["stone"]),
           _scales_icon(w / 2, -462, 0.42)]
    for i in range(6):
        cx = 70 + i * 112
        out.append(rect(cx - 22, -404, 44, 344, P["paper"], sw=3.5))
        out.append(rect(cx - 30, -414, 60, 16, P["stone_dark"], sw=3))
        out.append(rect(cx - 30, -72, 60, 14, P["stone_dark"], sw=3))
        out.append(line(cx - 8, -394, cx - 8, -80, stroke=P["stone"], sw=3))
    out.append(rect(w / 2 - 56, -200, 112, 140, P["wood_dark"], rx=4))
    out.append(line(w / 2, -200, w / 2, -60, sw=3))
    out.append(steps(-40, 0 + 48, w + 80, count=3, step=16, inset=20))
    return g(out, transform=f"translate({n(x)},{n(y)}) scale({n(s)})")


def car(x, y, s=1.0, face=-1):
    """An official car (公务车辆) seen from the side, facing left."""
    body = P["navy"]
    out = [shadow(180, 6, 200),
           path("M10,-30 Q6,-92 60,-98 L96,-100 L140,-156 Q150,-166 170,-166 "
                "L280,-166 Q298,-166 310,-154 L352,-104 Q392,-100 396,-70 "
                "L398,-30 Q398,-14 382,-14 L26,-14 Q10,-14 10,-30 Z", body),
           path("M110,-102 L148,-150 L214,-150 L214,-102 Z", P["glass"], sw=3),
           path("M228,-102 L228,-150 L290,-150 L330,-102 Z", P["glass"],
                sw=3),
           line(20, -62, 390, -62, stroke=P["navy_dark"], sw=4),
           rect(8, -72, 22, 16, P["lamp"], rx=4, sw=3),
           rect(380, -78, 18, 16, P["red"], rx=4, sw=3),
           circle(90, -14, 40, P["outline"], stroke="none"),
           circle(90, -14, 20, P["metal"], sw=3),
           circle(310, -14, 40, P["outline"], stroke="none"),
           circle(310, -14, 20, P["metal"], sw=3),
           # driver's head
           circle(188, -122, 17, P["skin"], sw=3),
           path("M172,-126 Q188,-148 204,-128 Z", P["hair_dark"], sw=3)]
    sx = s if face == -1 else -s
    return g(out, transform=f"translate({n(x)},{n(y)}) scale({n(sx)},{n(s)})")


def arch_detector(x, y, light):
    """Walk-through security gate (安检门), light colour shows the result."""
    return (rect(x - 100, y - 330, 30, 330, P["metal"], rx=6) +
            rect(x + 70, y - 330, 30, 330, P["metal"], rx=6) +
            rect(x - 112, y - 360, 224, 40, P["metal_dark"], rx=8) +
            circle(x, y - 340, 13, light, sw=3) +
            line(x - 90, y - 250, x - 90, y - 80, stroke=P["metal_dark"],
                 sw=4) +
            line(x + 90, y - 250, x + 90, y - 80, stroke=P["metal_dark"],
                 sw=4))


def knife(x, y, angle=0):
    return g([path("M0,0 L70,0 Q84,-4 92,-18 L92,-30 L0,-30 Z",
                   P["metal"], sw=3),
              line(8, -8, 70, -8, stroke=P["paper"], sw=3),
              rect(-50, -24, 52, 20, P["wood_dark"], rx=6, sw=3)],
             transform=f"translate({n(x)},{n(y)}) rotate({angle})")


def fuel_can(x, y):
    return g([rect(-34, -92, 68, 92, P["red"], rx=8),
              rect(-14, -110, 18, 22, P["metal_dark"], rx=3, sw=3),
              path("M8,-94 Q30,-118 30,-92", sw=5),
              burst(0, -46, 9, 20, P["gold"], k=6)],
             transform=f"translate({n(x)},{n(y)})")


def open_bag(x, y):
    """Back half of an open bag; draw contents, then bag_front."""
    return path(f"M{x-80},{y} L{x-70},{y-70} Q{x},{y-90} {x+70},{y-70} "
                f"L{x+80},{y} Z", P["extra_6"])


def bag_front(x, y):
    return path(f"M{x-86},{y-40} L{x+86},{y-40} L{x+80},{y} L{x-80},{y} Z",
                P["extra_6"])


def thought_cloud(x, y, w, h, inner, tail):
    """A thought cloud (the character imagines something)."""
    out = []
    k = 10
    for i in range(k):
        a = 2 * math.pi * i / k
        out.append(circle(x + w / 2 * math.cos(a) * 0.92,
                          y + h / 2 * math.sin(a) * 0.88, min(w, h) * 0.22,
                          P["paper"]))
    out.append(ellipse(x, y, w / 2 * 0.92, h / 2 * 0.88, P["paper"],
                       stroke="none"))
    out.append(inner)
    tx, ty = tail
    out.append(circle(tx, ty, 10, P["paper"], sw=3))
    out.append(circle((tx + x) / 2 + 10, (ty + y + h / 2) / 2, 16, P["paper"],
                      sw=3))
    return "".join(out)


def svg_doc(title, parts):
    pal = "\n".join(f"  {k:18s} {v}" for k, v in PALETTE.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" '
        f'width="{W}" height="{H}">\n'
        f"<!-- 《走访中常见的误区》: {title}.  Generated by "
        "scripts/comic/draw.py; edit that file, not this one.\n"
        f"Palette:\n{pal}\n-->\n"
        f"<title>{title}</title>\n" + "\n".join(parts) +
        "\n</svg>\n")


# --------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------
def road_landscape():
    """Countryside under a warm sky, hills on the horizon."""
    return [sky(560),
            path("M0,520 Q200,440 420,500 T860,470 T1200,480 L1200,600 "
                 "L0,600 Z", P["hill_far"], stroke="none"),
            path("M0,560 Q260,500 520,550 T1200,530 L1200,620 L0,620 Z",
                 P["hill"], stroke="none"),
            rect(0, 580, W, 320, P["grass"], stroke="none"),
            line(0, 580, W, 580, stroke=P["tree_dark"], sw=3, opacity="0.5")]


def far_office(x, y):
    """A grand, far-away office building (a high level, far from home)."""
    return g([rect(0, -150, 260, 150, P["building_far"],
                   stroke=P["stone_dark"], sw=3),
              rect(80, -230, 100, 84, P["building_far"],
                   stroke=P["stone_dark"], sw=3),
              path("M70,-230 Q130,-300 190,-230 Z", P["building_far"],
                   stroke=P["stone_dark"], sw=3)] +
             [rect(18 + i * 40, -120, 20, 80, P["stone"],
                   stroke=P["stone_dark"], sw=2) for i in range(6)],
             transform=f"translate({x},{y})")


def scene_yueji_wuqu():
    out = road_landscape()
    out.append(far_office(880, 585))
    # road into the distance
    out.append(path("M420,900 L940,585 L990,585 L1200,760 L1200,900 Z",
                    P["road"], stroke="none"))
    out.append(path("M420,900 L940,585 M990,585 L1200,760",
                    stroke=P["road_edge"], sw=5))
    for i in range(6):
        t0, t1 = i / 6, i / 6 + 0.07
        x0, y0 = 810 + (965 - 810) * t0, 900 - (900 - 585) * t0
        x1, y1 = 810 + (965 - 810) * t1, 900 - (900 - 585) * t1
        out.append(line(x0, y0, x1, y1, stroke=P["road_line"],
                        sw=12 * (1 - t0) + 3))
    # the local office that could handle it, door open, left behind
    out.append(shadow(210, 662, 220))
    out.append(gov_building(20, 660, 380, 300, floors=2, door_open=True))
    out.append(tree(470, 640, 0.75))
    # a dashed arrow jumping over the local office to the far one
    out.append(path("M300,300 Q640,120 930,330", stroke=P["red"], sw=8,
                    stroke_dasharray="22 18"))
    out.append(poly([(950, 352), (905, 338), (938, 306)], P["red"],
                    stroke=P["red"], sw=4))
    svg, _ = person(LAOWANG, 640, 850, 1.12, face=1,
                    arms=("down", "down"), expr="firm", walk=True,
                    props={"front": bundle_at()})
    out.append(svg)
    out.append(motion_lines(548, 600, 1, 3, 60))
    return svg_doc("越级走访", out)


def scene_yueji_zhengque():
    out = road_landscape()
    out.append(far_office(1010, 560))
    out.append(tree(1120, 650, 0.8))
    out.append(shadow(470, 742, 420))
    out.append(gov_building(60, 740, 820, 380, floors=2, door_open=True))
    out.append(steps(330, 740, 280, count=2, step=14))
    out.append(path("M0,900 L0,770 L1200,760 L1200,900 Z", P["stone"],
                    stroke="none"))
    out.append(line(0, 770, 1200, 760, stroke=P["stone_dark"], sw=4))
    # staff stands by the open door and shows 老王 in
    svg, _ = person(XIAOZHOU, 700, 860, 1.1, face=-1,
                    arms=("down", "offer"), expr="grin")
    out.append(svg)
    svg, _ = person(LAOWANG, 290, 870, 1.12, face=1,
                    arms=("down", "hold"), expr="happy", walk=True,
                    props={"front": paper_at(dy=-28)})
    out.append(svg)
    return svg_doc("逐级走访", out)


def hall_counter_scene(citizen, citizen_kw, staff_kw, sign=(700, 150),
                       clock=(1110, 120, 10, 0), windows=(40,),
                       counter_at=(640, 600, 560), behind=()):
    """Citizen in front of the reception counter, staff behind it.

    Returns the list of parts; `behind` is drawn before the citizen.
    """
    out = [hall(windows=windows, clock=clock, plants=(1150,), sign=sign)]
    sx, sy, sw_ = counter_at
    svg, _ = person(XIAOZHOU, sx + 290, sy + 168, 1.1, face=-1, **staff_kw)
    out.append(svg)
    out.append(counter(sx, sy, sw_))
    out.extend(behind)
    svg, _ = person(citizen, **citizen_kw)
    out.append(svg)
    return out


def scene_susong_wuqu():
    out = hall_counter_scene(
        LIAYI,
        dict(x=450, y=850, s=1.14, face=1, arms=("down", "give"),
             expr="shout", props={"front": paper_at(w=80, h=100, angle=8,
                                                    seal=True,
                                                    scale_icon=True, dy=-40),
                                  "back": handbag_at()}),
        dict(arms=("down", "stop"), expr="sorry"), sign=(720, 150))
    out.append(anger_mark(540, 360, 1.2))
    return svg_doc("以访代诉", out)


def scene_susong_zhengque():
    out = [sky(600), rect(0, 600, W, 300, P["stone"], stroke="none"),
           line(0, 600, W, 600, stroke=P["stone_dark"], sw=4)]
    out.append(tree(90, 640, 0.95))
    out.append(court_building(440, 610, 1.0))
    out.append(plant(1170, 700, 0.9))
    svg, _ = person(LIAYI, 400, 860, 1.16, face=1, arms=("down", "hold"),
                    expr="happy", walk=True,
                    props={"front": folder_at(angle=-4, dy=-20),
                           "back": handbag_at()})
    out.append(svg)
    return svg_doc("依法诉讼", out)


def scene_renduo_wuqu():
    out = [hall(windows=(), clock=(1120, 96, 9, 30), plants=(),
                sign=(720, 160))]
    svg, _ = person(XIAOZHOU, 930, 770, 1.1, face=-1, arms=("down", "stop"),
                    expr="worried")
    out.append(svg)
    out.append(counter(640, 600, 560))
    out.append(sweat(1000, 400, 1.4))
    # a crowd pressing towards the counter: back rows first
    rows = [
        (590, [60, 160, 260, 360, 460], 0.84, 10),
        (720, [20, 130, 240, 350, 460, 570], 0.94, 20),
        (870, [90, 250, 410], 1.08, 30),
    ]
    arms_cycle = [("down", "fist"), ("down", "down"), ("wave", "down"),
                  ("down", "point"), ("hip", "down")]
    expr_cycle = ["shout", "angry", "talk", "angry", "worried", "shout"]
    for ry, xs, sc, seed in rows:
        for i, px in enumerate(xs):
            c = extra(seed + i)
            svg, _ = person(c, px, ry, sc, face=1,
                            arms=arms_cycle[(seed + i) % len(arms_cycle)],
                            expr=expr_cycle[(seed + i) % len(expr_cycle)])
            out.append(svg)
    svg, _ = person(LAOWANG, 570, 880, 1.16, face=1, arms=("wave", "point"),
                    expr="talk")
    out.append(svg)
    return svg_doc("人多势众", out)


def scene_renduo_zhengque():
    reps = []
    for i, (px, py, sc, seed) in enumerate([(90, 800, 1.0, 40),
                                            (220, 810, 1.02, 43),
                                            (330, 830, 1.04, 38),
                                            (440, 845, 1.06, 41)]):
        svg, _ = person(extra(seed), px, py, sc, face=1,
                        arms=("down", "forward" if i % 2 else "down"),
                        expr="smile")
        reps.append(svg)
    # 老王 and four other representatives: five in all
    out = hall_counter_scene(
        LAOWANG,
        dict(x=560, y=860, s=1.14, face=1, arms=("down", "give"), expr="talk",
             props={"front": paper_at(dy=-26, angle=6)}),
        dict(arms=("down", "offer"), expr="grin"),
        sign=(760, 150), clock=(1120, 96, 9, 30), windows=(), behind=reps)
    return svg_doc("推选代表", out)


def gate_scene():
    """The gate of a government office, with the road in front."""
    out = [sky(520)]
    out.append(gov_building(170, 560, 860, 330, floors=2, door_open=False))
    out.append(rect(0, 560, W, 60, P["stone"], stroke="none"))
    out.append(line(0, 560, W, 560, stroke=P["stone_dark"], sw=4))
    for gx in (60, 1080):
        out.append(rect(gx, 430, 60, 190, P["stone_dark"], rx=4))
        out.append(rect(gx - 8, 416, 76, 22, P["stone"], rx=4))
    out.append(rect(0, 620, W, 280, P["road"], stroke="none"))
    out.append(line(0, 620, W, 620, stroke=P["road_edge"], sw=6))
    for xx in range(-40, 1200, 180):
        out.append(line(xx, 770, xx + 100, 770, stroke=P["road_line"], sw=10))
    out.append(tree(1150, 560, 0.8))
    return out


def scene_weidu_wuqu():
    out = gate_scene()
    out.append(car(690, 850, 1.05))
    for px, py, sc, seed, arms, ex in [
            (130, 720, 0.88, 51, ("wave", "down"), "shout"),
            (250, 730, 0.9, 52, ("down", "fist"), "angry"),
            (370, 715, 0.86, 53, ("down", "down"), "talk"),
            (120, 860, 1.0, 54, ("down", "point"), "shout")]:
        svg, _ = person(extra(seed), px, py, sc, face=1, arms=arms, expr=ex)
        out.append(svg)
    svg, _ = person(DALIU, 540, 870, 1.12, face=1, arms=("out", "out"),
                    expr="shout")
    out.append(svg)
    out.append(anger_mark(640, 380, 1.2))
    return svg_doc("围堵拦车", out)


def desk_paper(x, y, angle=0):
    """A sheet lying on a table top, seen at a low angle."""
    return g([rect(-60, -22, 120, 40, P["paper"], rx=2, sw=3),
              line(-44, -8, 40, -8, stroke=P["paper_line"], sw=3),
              line(-44, 6, 24, 6, stroke=P["paper_line"], sw=3)],
             transform=f"translate({n(x)},{n(y)}) rotate({angle}) "
                       f"scale(1,0.55)")


def scene_weidu_zhengque():
    out = [hall(windows=(880,), clock=(130, 110, 10, 0), plants=(60,),
                notice=(860, 90))]
    # 大刘 sits at the writing desk and fills in the form; staff explains
    tbl = table(300, 668, 480, 192, apron=96) + desk_paper(540, 664)
    svg, _ = person(DALIU, 400, 860, 1.12, face=1, arms=("desk_back", "desk"),
                    expr="smile", sit="chair", props={"front": pen_at()},
                    between=tbl)
    out.append(svg)
    svg, _ = person(XIAOZHOU, 870, 870, 1.1, face=-1,
                    arms=("down", "point_down"), expr="grin")
    out.append(svg)
    return svg_doc("依法表达", out)


def security_scene(found, staff):
    """The entrance of the hall with the walk-through security gate."""
    out = [hall(windows=(), clock=None, plants=(1150,), lights=True)]
    out.append(rect(20, 250, 240, 450, P["wood_light"], rx=6))
    out.append(rect(36, 266, 100, 434, P["glass"], sw=3))
    out.append(rect(144, 266, 100, 434, P["glass"], sw=3))
    out.append(path("M60,640 L110,300 M90,640 L130,420",
                    stroke=P["glass_shine"], sw=12))
    light = P["red"] if found else P["green"]
    out.append(arch_detector(380, 770, light))
    if found:
        out.append(burst(380, 430, 24, 44, P["red"], k=8))
        out.append(burst(380, 430, 12, 24, P["gold"], k=8))
    out.append(table(690, 620, 290, 180))
    if found:
        out.append(open_bag(830, 612))
        out.append(knife(760, 570, -28))
        out.append(fuel_can(880, 610))
        out.append(bag_front(830, 612))
    else:
        out.append(rect(770, 550, 120, 64, P["extra_6"], rx=14))
        out.append(path("M800,550 Q830,516 860,550", sw=6))
    out.append(staff)  # beside the table, in front of it
    return out


def scene_weixian_wuqu():
    staff, _ = person(XIAOZHOU, 1070, 860, 1.08, face=-1,
                      arms=("down", "point_down"), expr="worried")
    out = security_scene(True, staff)
    svg, _ = person(DALIU, 540, 860, 1.12, face=1, arms=("down", "hip"),
                    expr="sly")
    out.append(svg)
    return svg_doc("携带危险物品", out)


def scene_weixian_zhengque():
    staff, _ = person(XIAOZHOU, 1070, 860, 1.08, face=-1,
                      arms=("down", "offer"), expr="grin")
    out = security_scene(False, staff)
    svg, _ = person(DALIU, 560, 860, 1.12, face=1,
                    arms=("hold", "give"), expr="smile", walk=True,
                    props={"back": folder_at(angle=4, dy=-24),
                           "front": card_at()})
    out.append(svg)
    return svg_doc("文明来访", out)


def scene_zhiliu_wuqu():
    out = [hall(night=True, windows=(60, 880), clock=(600, 120, 7, 0),
                plants=(), chairs=(420, 700, 4))]
    # a blanket on the floor, a thermos and a bundle beside her
    out.append(path("M120,820 L640,820 L680,880 L90,880 Z", P["extra_5"]))
    for xx in range(160, 640, 60):
        out.append(line(xx, 822, xx - 12, 878, stroke=P["gold_dark"], sw=4))
    out.append(rect(120, 744, 110, 80, P["extra_4"], rx=24))
    out.append(line(140, 770, 210, 770, stroke=P["paper"], sw=4))
    out.append(rect(560, 706, 40, 110, P["red"], rx=10))
    out.append(rect(556, 696, 48, 20, P["metal"], rx=6, sw=3))
    svg, _ = person(LIAYI, 300, 860, 1.12, face=1, arms=("cross", "cross"),
                    expr="shout", sit="floor")
    out.append(svg)
    out.append(anger_mark(390, 450, 1.1))
    svg, _ = person(XIAOZHOU, 900, 860, 1.1, face=-1,
                    arms=("down", "offer"), expr="sorry")
    out.append(svg)
    return svg_doc("滞留滋事", out)


def scene_zhiliu_zhengque():
    out = hall_counter_scene(
        LIAYI,
        dict(x=470, y=860, s=1.14, face=1, arms=("down", "give"),
             expr="grin", props={"front": slip_at(), "back": handbag_at()}),
        dict(arms=("down", "give"), expr="grin"),
        sign=(700, 150), clock=(1110, 110, 10, 30))
    return svg_doc("登记后等候", out)


def scene_chongfu_wuqu():
    out = hall_counter_scene(
        LAOWANG,
        dict(x=440, y=860, s=1.14, face=1, arms=("down", "point"),
             expr="angry"),
        dict(arms=("down", "hold"), expr="sorry",
             props={"front": paper_at(w=74, h=96, angle=-6, seal=True,
                                      dy=-40)}),
        sign=(780, 150), clock=(1110, 96, 3, 0))
    out.append(stack_of_papers(700, 590, 12, 120))
    out.append(stack_of_papers(590, 596, 6, 100))
    return svg_doc("重复信访", out)


def tea_cup(x, y):
    return (rect(x - 22, y - 54, 44, 54, P["paper"], rx=6, sw=3) +
            path(f"M{x+22},{y-42} q18,2 16,18 q-2,12 -16,12", sw=4) +
            path(f"M{x-10},{y-66} q-8,-14 4,-26 M{x+8},{y-68} q-8,-14 4,-26",
                 stroke=P["paper_line"], sw=4))


def scene_chongfu_zhengque():
    out = [hall(windows=(60,), clock=(1110, 110, 3, 30),
                notice=(840, 110), plants=(1150,))]
    # a quiet corner: tea on the table, staff explains the final opinion
    tbl = (table(290, 668, 620, 192, apron=96) + tea_cup(316, 668) +
           desk_paper(500, 664, 4))
    (w_low, w_up), _ = person(LAOWANG, 420, 860, 1.12, face=1,
                              arms=("desk_back", "desk"), expr="happy",
                              sit="chair", split=True)
    (s_low, s_up), _ = person(XIAOZHOU, 790, 860, 1.1, face=-1,
                              arms=("desk_back", "give"), expr="grin",
                              sit="chair", split=True,
                              props={"front": paper_at(w=60, h=80, angle=8,
                                                       dy=-20)})
    out += [s_low, w_low, tbl, s_up, w_up]
    return svg_doc("尊重复核意见", out)


def desk_lamp(x, y):
    return (ellipse(x, y - 6, 40, 10, P["wood_dark"], sw=3) +
            path(f"M{x},{y-10} L{x+20},{y-120} L{x-40},{y-160}", sw=8) +
            path(f"M{x-90},{y-120} L{x-60},{y-190} L{x-20},{y-170} "
                 f"L{x-30},{y-110} Z", P["gold"], sw=4))


def crumpled(x, y, r=16):
    pts = [(x + r * math.cos(a) * (0.8 + 0.25 * ((i * 7) % 3) / 2),
            y + r * math.sin(a) * (0.8 + 0.25 * ((i * 5) % 3) / 2))
           for i, a in enumerate(k * math.pi / 4 for k in range(8))]
    return (poly(pts, P["paper"], sw=3) +
            path(f"M{x-r*0.5},{y-r*0.2} l{r*0.4},{r*0.4} l{r*0.3},{-r*0.5}",
                 stroke=P["paper_line"], sw=2.5))


def money_bag(x, y, s=1.0):
    return g([path("M-30,0 Q-40,-50 -10,-58 L10,-58 Q40,-50 30,0 Z",
                   P["gold"], sw=3),
              path("M-14,-58 L-20,-74 L0,-66 L20,-74 L14,-58", P["gold"],
                   sw=3),
              line(-14, -58, 14, -58, stroke=P["gold_dark"], sw=5),
              circle(0, -26, 12, P["gold_dark"], sw=2.5),
              rect(-5, -31, 10, 10, P["gold"], sw=2)],
             transform=f"translate({n(x)},{n(y)}) scale({n(s)})")


def scene_wugao_wuqu():
    out = [rect(0, 0, W, 700, P["wall"], stroke="none"),
           rect(0, 560, W, 140, P["wall_low"], stroke="none"),
           line(0, 560, W, 560, stroke=P["wood"], sw=8),
           rect(0, 700, W, 200, P["floor"], stroke="none"),
           line(0, 700, W, 700, sw=4),
           window(880, 300, 260, 230, night=True)]
    out.append(ellipse(540, 672, 360, 70, P["lamp"], stroke="none",
                       opacity="0.8"))
    tbl = (table(250, 668, 580, 192, apron=96) + desk_paper(560, 664, -3) +
           desk_lamp(760, 668) + crumpled(320, 652) + crumpled(660, 656, 14))
    svg, _ = person(DALIU, 360, 860, 1.12, face=1,
                    arms=("desk_back", "desk"), expr="sly", sit="chair",
                    props={"front": pen_at()}, between=tbl)
    out.append(svg)
    out.append(crumpled(140, 850, 18))
    out.append(crumpled(960, 830, 15))
    # what he imagines, and means to write down: a neighbour bribing an
    # official.  He made it up.
    neighbour, _ = person(extra(7, hair="short"), 0, 0, 0.42, face=1,
                          arms=("down", "give"), expr="sly")
    official, _ = person(extra(9, hair="grey", top_color=P["extra_4"]),
                         130, 0, 0.42, face=-1, arms=("down", "give"),
                         expr="sly")
    inner = g([neighbour, official, money_bag(65, -128, 0.7)],
              transform="translate(755,292)")
    out.append(thought_cloud(820, 200, 360, 270, inner, (560, 420)))
    return svg_doc("捏造诬告", out)


def scene_wugao_zhengque():
    out = hall_counter_scene(
        DALIU,
        dict(x=440, y=860, s=1.12, face=1, arms=("down", "give"),
             expr="smile", props={"front": folder_at(angle=-4, dy=-20)}),
        dict(arms=("down", "table"), expr="grin"),
        sign=(760, 150), clock=(1110, 96, 10, 0))
    # evidence laid out on the counter: a photo and a receipt
    out.append(g([rect(0, 0, 70, 56, P["paper"], rx=3, sw=3),
                  rect(8, 8, 54, 30, P["window"], sw=2),
                  poly([(12, 36), (30, 18), (44, 32), (52, 24), (60, 36)],
                       P["tree"], sw=2)],
                 transform="translate(680,534) rotate(-6)"))
    out.append(g([rect(0, 0, 56, 70, P["paper"], rx=3, sw=3),
                  line(10, 16, 44, 16, stroke=P["paper_line"], sw=3),
                  line(10, 30, 44, 30, stroke=P["paper_line"], sw=3),
                  circle(38, 52, 8, "none", stroke=P["red"], sw=3)],
                 transform="translate(770,520) rotate(4)"))
    return svg_doc("实事求是", out)


SCENES = [
    ("01-yueji-wuqu", scene_yueji_wuqu),
    ("01-yueji-zhengque", scene_yueji_zhengque),
    ("02-susong-wuqu", scene_susong_wuqu),
    ("02-susong-zhengque", scene_susong_zhengque),
    ("03-renduo-wuqu", scene_renduo_wuqu),
    ("03-renduo-zhengque", scene_renduo_zhengque),
    ("04-weidu-wuqu", scene_weidu_wuqu),
    ("04-weidu-zhengque", scene_weidu_zhengque),
    ("05-weixian-wuqu", scene_weixian_wuqu),
    ("05-weixian-zhengque", scene_weixian_zhengque),
    ("06-zhiliu-wuqu", scene_zhiliu_wuqu),
    ("06-zhiliu-zhengque", scene_zhiliu_zhengque),
    ("07-chongfu-wuqu", scene_chongfu_wuqu),
    ("07-chongfu-zhengque", scene_chongfu_zhengque),
    ("08-wugao-wuqu", scene_wugao_wuqu),
    ("08-wugao-zhengque", scene_wugao_zhengque),
]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    out_dir = (sys.argv[1] if len(sys.argv) > 1 else
               os.path.join(root, "content", "comics", "zoufang-wuqu", "art"))
    os.makedirs(out_dir, exist_ok=True)
    only = set(sys.argv[2:])
    for name, fn in SCENES:
        if only and name not in only:
            continue
        with open(os.path.join(out_dir, name + ".svg"), "w",
                  encoding="utf-8") as f:
            f.write(fn())
    print(f"wrote {len(SCENES)} SVG files to {out_dir}")


if __name__ == "__main__":
    main()
