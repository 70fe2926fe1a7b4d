"""mkdocs hooks (mkdocs.yml): the manual's pages link to files outside docs/ -- the figures in
results/paper/ and the model cards in models/ -- by their paths in the repository, which is
right on a repository host. For the HTML site these files are added to it (figures/, models/)
and the links in the pages rewritten to them, so that the site is whole and `mkdocs build
--strict` can still check every other link.
"""
import glob
import os
import re

from mkdocs.structure.files import File

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Repository folder -> (where its files go in the site, which of its files).
OUTSIDE = {"results/paper": ("figures", "*.png"), "models": ("models", "*.md")}


def on_files(files, config):
    for folder, (target, pattern) in OUTSIDE.items():
        for path in sorted(glob.glob(os.path.join(REPO, folder, pattern))):
            # A File whose source folder is the folder itself, written under `target`.
            added = File(os.path.basename(path), os.path.join(REPO, folder), config["site_dir"],
                         config["use_directory_urls"])
            added.src_path = added.src_uri = target + "/" + os.path.basename(path)
            added.abs_src_path = path
            added.dest_path = added.dest_uri = target + "/" + (
                os.path.basename(path)[:-3] + ".html" if path.endswith(".md")
                else os.path.basename(path))
            added.abs_dest_path = os.path.join(config["site_dir"], added.dest_path)
            added.url = added.dest_uri
            files.append(added)
    return files


def on_page_markdown(markdown, page, config, files):
    depth = page.file.src_uri.count("/")
    up = "../" * depth  # from the page to the top of docs/
    for folder, (target, _) in OUTSIDE.items():
        # "../../results/paper/x.png" from docs/guides/ is the repository's results/paper/.
        markdown = re.sub(r"\]\(((?:\.\./)+)%s/" % re.escape(folder),
                          lambda m: "](%s%s/" % (up, target) if len(m.group(1)) == 3 * (depth + 1)
                          else m.group(0), markdown)
    return markdown
