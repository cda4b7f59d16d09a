"""The domain: plain values every layer shares — generation requests (one class per task, and the
one table of tasks every union is built from), jobs, their images and terms, catalog models,
plans and policies, ids. No I/O.

May import: errors.
"""
