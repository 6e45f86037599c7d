"""Abnormal-application candidates (规范申请专利行为的规定, CNIPA Order No. 77, 2023): near-duplicate clusters
over title, abstract and claims, and signals per applicant, agency, agent and inventor.

Pure modules (`text`, `minhash`, `clusters`, `signals`, `candidates`, `edits`) know nothing of Django; `scan`
streams the database through them. A candidate is a lead for a human reviewer, never a finding.
"""
